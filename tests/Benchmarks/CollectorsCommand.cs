using System.CommandLine;
using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

namespace Appliance.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project tests/Benchmarks -- collectors [--cycles N] [--scrapes N] [--idle-seconds N] [--skip-bdn]</c>:
/// collection-cycle CPU, /metrics scrape cost against node_exporter, and the idle daemon's CPU at 1 Hz sampling.
/// </summary>
public static class CollectorsCommand
{
    public static Command Create()
    {
        var cycles = new Option<int>("--cycles") { Description = "Collection cycles timed for CPU", DefaultValueFactory = _ => 2000 };
        var scrapes = new Option<int>("--scrapes") { Description = "Scrapes of each endpoint", DefaultValueFactory = _ => 1000 };
        var idle = new Option<int>("--idle-seconds") { Description = "Window for the idle daemon's CPU", DefaultValueFactory = _ => 60 };
        var skipBdn = new Option<bool>("--skip-bdn") { Description = "Skip the BenchmarkDotNet run of the collection cycle" };
        var command = new Command("collectors", "Host collectors and /metrics: cycle CPU, scrape cost vs node_exporter, idle daemon CPU")
        {
            cycles, scrapes, idle, skipBdn,
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

            var idleResult = await IdleBenchmark.RunAsync(TimeSpan.FromSeconds(parse.GetValue(idle)), ct);
            Console.WriteLine(Invariant($"Idle daemon, nothing recording: {idleResult.Idle.CpuSeconds:0.000} CPU s over {idleResult.Idle.Seconds:0.0} s = {idleResult.Idle.CoreFraction * 100:0.00}% of a core"));
            Console.WriteLine(Invariant($"Idle daemon, recorder at 1 Hz: {idleResult.Recording.CpuSeconds:0.000} CPU s over {idleResult.Recording.Seconds:0.0} s = {idleResult.Recording.CoreFraction * 100:0.00}% of a core, {idleResult.Rows} rows"));
            return 0;
        });
        return command;
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
