using System.Diagnostics;
using Appliance.Tests.Support;
using Dapper;

namespace Appliance.Tests.Cli;

/// <summary>
/// The real binary on every expected error the audit found: one line on stderr, the documented exit code (64 usage,
/// 65 refused input, 1 other failure), never a stack trace.
/// </summary>
public class CliErrorTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    public static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(string? connectionString, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "appliance.dll"));
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        if (connectionString is not null)
        {
            start.Environment["APPLIANCE_ConnectionStrings__Postgres"] = connectionString;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    private static void AssertOneLine(string stderr, string expected)
    {
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(lines.Length == 1, $"expected one line on stderr, got:\n{stderr}");
        Assert.StartsWith("error: ", lines[0]);
        Assert.Contains(expected, lines[0]);
        Assert.DoesNotContain("   at ", stderr);
        Assert.DoesNotContain("System.", stderr);
    }

    [Theory]
    [InlineData(new string[0], "give a verb")]
    [InlineData(new[] { "frobnicate" }, "Unrecognized command or argument 'frobnicate'")]
    [InlineData(new[] { "project", "--rows", "abc" }, "--rows: 'abc' is not a whole number")]
    [InlineData(new[] { "run", "--lab-rows", "5", "--concurrency", "x,y" }, "--concurrency: 'x' is not a positive whole number")]
    [InlineData(new[] { "generate", "--upload", "1", "--generator", "gpt" }, "'gpt' not recognized")]
    [InlineData(new[] { "run", "--lab-rows", "5", "--generator", "gpt" }, "'gpt' not recognized")]
    [InlineData(new[] { "export", "--upload", "1" }, "'--out' is required")]
    [InlineData(new[] { "purge" }, "give either --upload ID or --older-than DAYS")]
    [InlineData(new[] { "project", "--nodes", "99" }, "--nodes must be 1 to")]
    [InlineData(new[] { "project", "--host-spread", "abc" }, "--host-spread: 'abc' is not a percentage of zero or more")]
    public async Task UsageErrors_Exit64WithOneLine(string[] args, string expected)
    {
        var (exit, _, stderr) = await RunAsync(db.ConnectionString, args);

        Assert.Equal(64, exit);
        AssertOneLine(stderr, expected);
    }

    [Fact]
    public async Task ProjectAndReport_WithNoRunStored_Exit65WithOneLine()
    {
        using var dir = new TempDirectory();

        var project = await RunAsync(db.ConnectionString, "project");
        var report = await RunAsync(db.ConnectionString, "report", "-o", dir.File("r.pdf"));
        var missing = await RunAsync(db.ConnectionString, "project", "--run", "99");

        Assert.Equal(65, project.Exit);
        AssertOneLine(project.Stderr, "no finished run is stored yet");
        Assert.Equal(65, report.Exit);
        AssertOneLine(report.Stderr, "no finished run is stored yet");
        Assert.Equal(65, missing.Exit);
        AssertOneLine(missing.Stderr, "run 99 does not exist");
        Assert.False(File.Exists(dir.File("r.pdf")));
    }

    [Fact]
    public async Task IngestOfADirectory_SaysItIsADirectory()
    {
        using var dir = new TempDirectory();

        var (exit, _, stderr) = await RunAsync(db.ConnectionString, "ingest", dir.Path);

        Assert.Equal(65, exit);
        AssertOneLine(stderr, "is a directory");
    }

    [Fact]
    public async Task ExportOfAnUnknownUpload_Exits65AndWritesNoFile()
    {
        using var dir = new TempDirectory();

        var (exit, _, stderr) = await RunAsync(db.ConnectionString, "export", "--upload", "999", "-o", dir.File("out.csv"));

        Assert.Equal(65, exit);
        AssertOneLine(stderr, "upload 999 does not exist");
        Assert.False(File.Exists(dir.File("out.csv")));
    }

    [Fact]
    public async Task AnOutputFileThatCannotBeWritten_Exits1WithOneLine()
    {
        await using (var conn = await db.DataSource.OpenConnectionAsync())
        {
            await conn.ExecuteAsync("INSERT INTO file_uploads (file_name, size_bytes) VALUES ('x.csv', 1)");
        }

        var id = await db.DataSource.CreateCommand("SELECT max(id) FROM file_uploads").ExecuteScalarAsync();
        var (exit, _, stderr) = await RunAsync(db.ConnectionString, "export", "--upload", id!.ToString()!, "-o", "/proc/x.csv");

        Assert.Equal(1, exit);
        AssertOneLine(stderr, "/proc/x.csv");
    }

    [Fact]
    public async Task PurgeOfAnUploadThatDoesNotExist_Exits65_AndOfOneThatDoes_DeletesIt()
    {
        await using (var conn = await db.DataSource.OpenConnectionAsync())
        {
            await conn.ExecuteAsync("INSERT INTO file_uploads (file_name, size_bytes, state) VALUES ('gone.csv', 1, 'ingested')");
        }

        var id = (await db.DataSource.CreateCommand("SELECT max(id) FROM file_uploads").ExecuteScalarAsync())!.ToString()!;
        var missing = await RunAsync(db.ConnectionString, "purge", "--upload", "999999");
        var purged = await RunAsync(db.ConnectionString, "purge", "--upload", id);

        Assert.Equal(65, missing.Exit);
        AssertOneLine(missing.Stderr, "upload 999999 does not exist");
        Assert.True(purged.Exit == 0, purged.Stderr);
        Assert.Contains($"Upload {id}: deleted", purged.Stdout);
        Assert.Equal(0L, await db.DataSource.CreateCommand($"SELECT count(*) FROM file_uploads WHERE id = {id}").ExecuteScalarAsync());
    }

    [Fact]
    public async Task EveryVerbsHelp_ShowsAnExample()
    {
        foreach (var verb in new[] { "serve", "demo", "run", "sweep", "project", "report", "ingest", "scrape", "generate", "export", "purge", "migrate", "lab" })
        {
            var (exit, stdout, _) = await RunAsync(null, verb, "--help");

            Assert.Equal(0, exit);
            Assert.Contains("Examples:", stdout);
            Assert.Contains($"appliance {verb}", stdout);
        }
    }
}

/// <summary>The bundled PostgreSQL failing to start is an expected failure: one line, exit 1.</summary>
public class CliStorageErrorTests
{
    [Fact]
    public void AStorageStartFailure_IsOneLineAndExit1()
    {
        // Root with a state directory the postgres user cannot enter: initdb's "Permission denied" (not reproducible in
        // this container, where the database user can enter root's 0700 folders).
        var failure = new Appliance.Storage.StorageStartException("initdb failed (1): initdb: error: could not access directory \"/root/x\": Permission denied — the 'postgres' user must be able to enter every folder above /root/x");

        Assert.True(Appliance.Cli.CliErrors.TryDescribe(failure, out var code, out var lines));
        Assert.Equal(1, code);
        Assert.Contains("must be able to enter", Assert.Single(lines));
    }

    [Fact]
    public void ABug_IsNotDescribed_SoItKeepsItsStackTrace() =>
        Assert.False(Appliance.Cli.CliErrors.TryDescribe(new NullReferenceException(), out _, out _));
}
