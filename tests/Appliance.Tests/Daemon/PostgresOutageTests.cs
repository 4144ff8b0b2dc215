using Appliance.Lab;
using Appliance.Storage;
using Appliance.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Appliance.Tests.Daemon;

/// <summary>
/// PostgreSQL stopped and started again under a running <c>appliance serve</c>, on a cluster of this test's own
/// (the shared test cluster must stay up for the other classes): the watchdog pings stop while it is down and come
/// back after, and the pipeline pauses and then completes with nothing lost or doubled.
/// </summary>
public sealed class PostgresOutageTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task PostgresRestartMidRun_WithholdsWatchdog_ThenStagesResumeAndFinish()
    {
        using var clusterState = new TempDirectory();
        await using var cluster = await BundledPostgres.StartAsync(clusterState.Path, NullLogger.Instance);
        await using var db = NpgsqlDataSource.Create(cluster.ConnectionString());
        await using var lab = await LabServer.StartAsync(LabPipeline.LabOptions);
        using var state = new TempDirectory();
        using var dir = new TempDirectory();
        using var systemd = new NotifySocket(dir.File("notify"));
        var env = LabPipeline.Environment(lab, cluster.ConnectionString(), state.Path);
        env["NOTIFY_SOCKET"] = systemd.Path;
        env["WATCHDOG_USEC"] = "1000000";

        await using var serve = ServeProcess.Start(env);
        await systemd.WaitForAsync("READY=1", Timeout);
        await systemd.WaitForAsync("WATCHDOG=1", Timeout);
        var uploadId = await LabPipeline.UploadAsync(serve.Client, lab);
        var before = await LabPipeline.WaitAsync(db, uploadId, p => p.Scraped >= 50, Timeout, () => serve.Output);
        Assert.False(before.Finished, before.ToString());

        await PgCtlAsync(cluster, "stop", "-D", cluster.DataDirectory, "-m", "fast", "-w");
        await systemd.WaitForAsync("STATUS=Watchdog withheld:", Timeout);
        systemd.Skip();
        await Task.Delay(TimeSpan.FromSeconds(2)); // four ping intervals with PostgreSQL down
        Assert.DoesNotContain(systemd.All.TakeLast(4), m => m.Contains("WATCHDOG=1", StringComparison.Ordinal));
        Assert.False(serve.HasExited, serve.Output);

        await PgCtlAsync(cluster, "start", "-D", cluster.DataDirectory, "-l", cluster.LogFile, "-w");
        await systemd.WaitForAsync("WATCHDOG=1", Timeout);
        await LabPipeline.WaitAsync(db, uploadId, p => p.Finished, Timeout, () => serve.Output);
        await LabPipeline.AssertCompleteAsync(db, uploadId);
        Assert.Contains("PostgreSQL is unavailable", serve.Output);
        Assert.False(serve.Output.Contains("   at ", StringComparison.Ordinal), serve.Output);
    }

    private static async Task PgCtlAsync(BundledPostgres cluster, params string[] args)
    {
        var pgCtl = PostgresBinaries.Find().PgCtl;
        string[] command = cluster.DatabaseUser.Length == 0 ? [pgCtl, .. args] : ["runuser", "-u", cluster.DatabaseUser, "--", pgCtl, .. args];
        var start = new System.Diagnostics.ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in command[1..])
        {
            start.ArgumentList.Add(a);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"pg_ctl {string.Join(' ', args)}: {output}");
    }
}
