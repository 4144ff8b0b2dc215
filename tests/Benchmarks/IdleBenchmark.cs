using Appliance.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace Appliance.Benchmarks;

/// <summary>
/// The real daemon (Program.BuildWebAppAsync: bundled PostgreSQL, Hangfire server, telemetry)
/// left idle, measured as the daemon process's CPU over a window: first with nothing recording,
/// then while the sample recorder takes a host sample and writes one row per second.
/// PostgreSQL's own processes are not counted.
/// </summary>
public static class IdleBenchmark
{
    public sealed record Window(double Seconds, double CpuSeconds)
    {
        public double CoreFraction => CpuSeconds / Seconds;
    }

    public sealed record Result(Window Idle, Window Recording, long Rows);

    public static async Task<Result> RunAsync(TimeSpan window, CancellationToken ct)
    {
        var state = Path.Combine(Path.GetTempPath(), $"appliance-idle-bench-{Environment.ProcessId}");
        try
        {
            await using var server = await global::Appliance.Program.BuildWebAppAsync(new Dictionary<string, string?>
            {
                ["StateDirectory"] = state,
                ["Urls"] = "http://127.0.0.1:0",
                ["Logging:LogLevel:Default"] = "Warning",
            }, ct);
            await server.StartAsync(ct);
            var recorder = server.App.Services.GetRequiredService<SampleRecorder>();

            // Let start-up work (tiered JIT, first refreshes) settle before the windows open.
            await Task.Delay(TimeSpan.FromSeconds(20), ct);
            var idle = await MeasureAsync(window, ct);
            var runId = await server.App.Services.GetRequiredService<global::Appliance.Runs.RunStore>()
                .CreateAsync("run", "idle-benchmark", new Dictionary<string, string?>(), new { }, ct);
            recorder.Start(runId);

            // The recorder's path (Dapper, Npgsql, JSON) reaches its optimised code after ~30 calls, i.e. 30 s at 1 Hz.
            await Task.Delay(TimeSpan.FromSeconds(35), ct);
            var recording = await MeasureAsync(window, ct);
            await recorder.StopAsync();

            await using var conn = await server.Database.DataSource.OpenConnectionAsync(ct);
            await using var count = new Npgsql.NpgsqlCommand("SELECT count(*) FROM metric_samples WHERE run_id = $1", conn);
            count.Parameters.Add(new Npgsql.NpgsqlParameter { Value = runId });
            var rows = (long)(await count.ExecuteScalarAsync(ct))!;
            return new Result(idle, recording, rows);
        }
        finally
        {
            try
            {
                Directory.Delete(state, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static async Task<Window> MeasureAsync(TimeSpan window, CancellationToken ct)
    {
        var (cpu0, wall0) = (CpuClock.Self(), DateTime.UtcNow);
        await Task.Delay(window, ct);
        return new Window((DateTime.UtcNow - wall0).TotalSeconds, CpuClock.Self() - cpu0);
    }
}
