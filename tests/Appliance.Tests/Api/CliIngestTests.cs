using System.Diagnostics;
using System.Text.Json;
using Appliance.Tests.Support;

namespace Appliance.Tests.Api;

/// <summary>The real <c>appliance ingest</c> binary, as scripts call it.</summary>
public class CliIngestTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    private async Task<(int Exit, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "appliance.dll"));
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["APPLIANCE_ConnectionStrings__Postgres"] = db.ConnectionString;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    [Fact]
    public async Task IngestJson_PrintsOneObjectOnStdout_AndExitsZeroDespiteRejects()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("leads.csv", "website,company\na.com,A\n,None\n");

        var (exit, stdout, stderr) = await RunAsync("ingest", file, "--json");

        Assert.True(exit == 0, stderr);
        var json = JsonDocument.Parse(stdout).RootElement;
        Assert.True(json.GetProperty("upload_id").GetInt64() > 0);
        Assert.Equal(1, json.GetProperty("accepted").GetInt32());
        Assert.Equal(1, json.GetProperty("rejected").GetInt32());
        Assert.True(json.GetProperty("seconds").GetDouble() >= 0);
        Assert.True(json.GetProperty("peak_rss_bytes").GetInt64() > 0);
    }

    [Fact]
    public async Task RefusedFile_Exits65_WithTheReason()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("empty.csv", "");

        var (exit, stdout, _) = await RunAsync("ingest", file, "--json");

        Assert.Equal(65, exit);
        Assert.Contains("empty", JsonDocument.Parse(stdout).RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Help_ListsTheVerbs()
    {
        var (exit, stdout, _) = await RunAsync("--help");

        Assert.Equal(0, exit);
        foreach (var verb in new[] { "serve", "demo", "ingest", "migrate", "lab" })
        {
            Assert.Contains(verb, stdout);
        }
    }
}
