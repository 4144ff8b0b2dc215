using System.Diagnostics;
using System.Text.Json;
using Appliance.Tests.Support;

namespace Appliance.Tests;

/// <summary>The glibc arena cap that <c>Program.Main</c> applies first (this machine runs glibc).</summary>
public class MallocArenasTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public void Cap_OnGlibc_IsApplied_UnlessTheEnvironmentSetsOne()
    {
        Assert.True(OperatingSystem.IsLinux());
        var expected = string.IsNullOrEmpty(Environment.GetEnvironmentVariable("MALLOC_ARENA_MAX"))
            ? MallocArenas.Outcome.Applied
            : MallocArenas.Outcome.EnvironmentSet;

        Assert.Equal(expected, MallocArenas.Cap());
    }

    [Fact]
    public void Cap_BelowOne_IsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MallocArenas.Cap(0));
    }

    [Fact]
    public void Count_SeesMoreArenas_WhenThreadsAllocateAtOnce()
    {
        var before = MallocArenas.Count();
        Assert.NotNull(before);
        Assert.True(before >= 1);

        // Threads that allocate natively at once: each new thread gets an arena of its own (up to glibc's limit),
        // so the count never falls, and the test host (many threads already) has more than the main arena.
        var threads = Enumerable.Range(0, 8).Select(_ => new Thread(() =>
        {
            for (var i = 0; i < 1000; i++)
            {
                // malloc and free on Unix.
                System.Runtime.InteropServices.Marshal.FreeHGlobal(System.Runtime.InteropServices.Marshal.AllocHGlobal(4096));
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        var after = MallocArenas.Count();
        Assert.True(after >= before, $"{after} arenas after, {before} before");
        Assert.True(after > 1, $"{after} arenas");
    }

    [Fact]
    public async Task TheCli_StartsWithTheCap_SoItsThreadsShareFewerArenas_ThanWithTheLimitRaisedInTheEnvironment()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("leads.csv", "website,company\na.com,A\nb.com,B\n");

        var capped = await ArenasAfterIngestAsync(file, null);
        var raised = await ArenasAfterIngestAsync(file, "64");

        // The runtime's start-up threads made their arenas before Main; with the cap, no thread after that adds one.
        Assert.True(capped < raised, $"capped {capped} arenas, MALLOC_ARENA_MAX=64 {raised}");
    }

    private async Task<int> ArenasAfterIngestAsync(string file, string? arenaMax)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "appliance.dll"));
        foreach (var a in new[] { "ingest", file, "--json" })
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["APPLIANCE_ConnectionStrings__Postgres"] = db.ConnectionString;
        start.Environment.Remove("MALLOC_ARENA_MAX");
        if (arenaMax is not null)
        {
            start.Environment["MALLOC_ARENA_MAX"] = arenaMax;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, await stderr);
        return JsonDocument.Parse(await stdout).RootElement.GetProperty("malloc_arenas").GetInt32();
    }
}
