using System.Runtime;
using Appliance.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace Appliance.Benchmarks;

/// <summary>
/// The real daemon (Program.BuildWebAppAsync: bundled PostgreSQL, Hangfire server, telemetry)
/// left idle, measured as the daemon process's CPU over windows: nothing recording and recording
/// one host sample per second, each shortly after start-up and again in the steady state.
/// PostgreSQL's own processes are not counted.
/// </summary>
/// <remarks>
/// Start-up windows include tiered JIT: a daemon whose code runs once a second, or once every 5 or
/// 15 s, keeps promoting methods (tier 0, instrumented, tier 1: 30 calls each) for minutes, and
/// that recompilation was most of the CPU the first windows measured. Each window reports the
/// runtime's own JIT time and method count, so a reader can see whether it had settled.
/// </remarks>
public static class IdleBenchmark
{
    /// <summary>A window's CPU, with what the runtime itself says it spent on JIT and GC in it.</summary>
    public sealed record Window(
        string Name, double Seconds, double CpuSeconds, double JitMs, long MethodsJitted, int Gen0, int Gen1, int Gen2, double GcPauseMs, long AllocatedBytes)
    {
        public double CoreFraction => CpuSeconds / Seconds;
    }

    public sealed record Result(IReadOnlyList<Window> Windows, long Rows);

    /// <param name="window">Length of each window.</param>
    /// <param name="settle">Recording time between the start-up recording window and the steady ones.</param>
    /// <param name="steadyWindows">Consecutive steady recording windows.</param>
    public static async Task<Result> RunAsync(TimeSpan window, TimeSpan settle, int steadyWindows, CancellationToken ct)
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
            var windows = new List<Window>();

            // Start-up: the first refreshes and most of the framework's JIT are done after 20 s; the
            // recorder's own path (Dapper, Npgsql, JSON) reaches tier 1 after ~30 calls, i.e. 30 s at 1 Hz.
            await Task.Delay(TimeSpan.FromSeconds(20), ct);
            windows.Add(await MeasureAsync("start-up, nothing recording", window, ct));
            var runId = await server.App.Services.GetRequiredService<global::Appliance.Runs.RunStore>()
                .CreateAsync("run", "idle-benchmark", new global::Appliance.Runs.RunSettings(),
                    new global::Appliance.Collectors.HostInventory("", 0, 0, 0, [], "", "", 0), ct);
            recorder.Start(runId, "idle-benchmark");
            await Task.Delay(TimeSpan.FromSeconds(35), ct);
            windows.Add(await MeasureAsync("start-up, recorder at 1 Hz", window, ct));

            // Steady state: everything that runs periodically has been promoted; the JIT column shows it.
            await Task.Delay(settle, ct);
            for (var i = 0; i < steadyWindows; i++)
            {
                windows.Add(await MeasureAsync($"steady, recorder at 1 Hz ({i + 1})", window, ct));
            }

            await recorder.StopAsync();
            windows.Add(await MeasureAsync("steady, nothing recording", window, ct));

            await using var conn = await server.Database.DataSource.OpenConnectionAsync(ct);
            await using var count = new Npgsql.NpgsqlCommand("SELECT count(*) FROM metric_samples WHERE run_id = $1", conn);
            count.Parameters.Add(new Npgsql.NpgsqlParameter { Value = runId });
            var rows = (long)(await count.ExecuteScalarAsync(ct))!;
            return new Result(windows, rows);
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

    private static async Task<Window> MeasureAsync(string name, TimeSpan window, CancellationToken ct)
    {
        var (cpu0, wall0) = (CpuClock.Self(), DateTime.UtcNow);
        var (jit0, methods0, pause0, alloc0) = (JitInfo.GetCompilationTime(), JitInfo.GetCompiledMethodCount(), GC.GetTotalPauseDuration(), GC.GetTotalAllocatedBytes());
        var (g0, g1, g2) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        await Task.Delay(window, ct);
        return new Window(name, (DateTime.UtcNow - wall0).TotalSeconds, CpuClock.Self() - cpu0,
            (JitInfo.GetCompilationTime() - jit0).TotalMilliseconds, JitInfo.GetCompiledMethodCount() - methods0,
            GC.CollectionCount(0) - g0, GC.CollectionCount(1) - g1, GC.CollectionCount(2) - g2,
            (GC.GetTotalPauseDuration() - pause0).TotalMilliseconds, GC.GetTotalAllocatedBytes() - alloc0);
    }
}
