using System.CommandLine;
using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

namespace Appliance.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project tests/Benchmarks -- collectors [--cycles N] [--scrapes N] [--idle-seconds N] [--settle-seconds N] [--steady-windows N] [--skip-bdn]</c>:
/// collection-cycle CPU, /metrics scrape cost against node_exporter, and the idle daemon's CPU at 1 Hz sampling.
/// </summary>
public static class CollectorsCommand
{
    public static Command Create()
    {
        var cycles = new Option<int>("--cycles") { Description = "Collection cycles timed for CPU", DefaultValueFactory = _ => 2000 };
        var scrapes = new Option<int>("--scrapes") { Description = "Scrapes of each endpoint", DefaultValueFactory = _ => 1000 };
        var (idle, settle, steady) = IdleOptions();
        var skipBdn = new Option<bool>("--skip-bdn") { Description = "Skip the BenchmarkDotNet run of the collection cycle" };
        var command = new Command("collectors", "Host collectors and /metrics: cycle CPU, scrape cost vs node_exporter, idle daemon CPU")
        {
            cycles, scrapes, idle, settle, steady, skipBdn,
        };
        command.SetAction(async (parse, ct) =>
        {
            var cycle = CycleCpuBenchmark.Run(parse.GetValue(cycles));
            Console.WriteLine(Invariant($"Collection cycle CPU over {cycle.Cycles} cycles ({cycle.Series} series): median {cycle.MedianMs:0.000} ms, p99 {cycle.P99Ms:0.000} ms"));

            if (!parse.GetValue(skipBdn))
            {
                var summary = BenchmarkRunner.Run<CollectorBenchmarks>(DefaultConfig.Instance.WithOptions(ConfigOptions.DisableOptimizationsValidator));
                foreach (var report in summary.Reports.Where(r => r.ResultStatistics is not null))
                {
                    Console.WriteLine(Invariant($"BenchmarkDotNet {report.BenchmarkCase.Descriptor.WorkloadMethod.Name}: median {report.ResultStatistics!.Median / 1e6:0.000} ms wall, allocated {report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase)} B/op"));
                }
            }

            Console.WriteLine("| endpoint | scrapes | p50 ms | p99 ms | exporter CPU ms/scrape | client CPU ms/scrape | bytes |");
            foreach (var r in await MetricsScrapeBenchmark.RunAsync(parse.GetValue(scrapes)))
            {
                Console.WriteLine(Invariant($"| {r.Target} | {r.Scrapes} | {r.P50Ms:0.00} | {r.P99Ms:0.00} | {r.ServerCpuMsPerScrape:0.00} | {r.ClientCpuMsPerScrape:0.00} | {r.Bytes} |"));
            }

            await RunIdleAsync(parse.GetValue(idle), parse.GetValue(settle), parse.GetValue(steady), ct);
            return 0;
        });
        return command;
    }

    /// <summary><c>idle [--seconds N] [--settle-seconds N] [--steady-windows N]</c>: only the idle daemon's CPU.</summary>
    public static Command CreateIdle()
    {
        var (seconds, settle, windows) = IdleOptions();
        var command = new Command("idle", "The idle daemon's CPU, nothing recording and recording at 1 Hz, at start-up and steady") { seconds, settle, windows };
        command.SetAction(async (parse, ct) =>
        {
            await RunIdleAsync(parse.GetValue(seconds), parse.GetValue(settle), parse.GetValue(windows), ct);
            return 0;
        });
        return command;
    }

    private static (Option<int> Seconds, Option<int> Settle, Option<int> Windows) IdleOptions() =>
    (
        new Option<int>("--idle-seconds") { Description = "Length of each idle-daemon window", DefaultValueFactory = _ => 60 },
        new Option<int>("--settle-seconds") { Description = "Recording between the start-up and the steady windows (tiered JIT settling)", DefaultValueFactory = _ => 240 },
        new Option<int>("--steady-windows") { Description = "Consecutive steady recording windows", DefaultValueFactory = _ => 2 }
    );

    private static async Task RunIdleAsync(int windowSeconds, int settleSeconds, int steadyWindows, CancellationToken ct)
    {
        var r = await IdleBenchmark.RunAsync(TimeSpan.FromSeconds(windowSeconds), TimeSpan.FromSeconds(settleSeconds), steadyWindows, ct);
        Console.WriteLine("| idle daemon | CPU s | s | of one core | JIT ms (methods) | GCs gen0/1/2 | GC pause ms | allocated KB/s |");
        foreach (var w in r.Windows)
        {
            Console.WriteLine(Invariant($"| {w.Name} | {w.CpuSeconds:0.000} | {w.Seconds:0.0} | {w.CoreFraction * 100:0.00}% | {w.JitMs:0} ({w.MethodsJitted}) | {w.Gen0}/{w.Gen1}/{w.Gen2} | {w.GcPauseMs:0.0} | {w.AllocatedBytes / 1024.0 / w.Seconds:0.0} |"));
        }

        Console.WriteLine(Invariant($"Rows recorded: {r.Rows}"));
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
