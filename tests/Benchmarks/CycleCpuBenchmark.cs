using System.Runtime.InteropServices;
using Appliance.Collectors;

namespace Appliance.Benchmarks;

/// <summary>
/// CPU time of one full collection cycle, cycle by cycle, from the process CPU clock (all threads,
/// so the thread-pool hop of the filesystem collector's statvfs counts too).
/// </summary>
public static class CycleCpuBenchmark
{
    public sealed record Result(int Cycles, double MedianMs, double P99Ms, int Series);

    public static Result Run(int cycles)
    {
        var collection = new HostCollection(HostCollectors.Create(new HostSources()));
        for (var i = 0; i < 200; i++)
        {
            collection.Collect();
        }

        var samples = new List<double>(cycles);
        var series = 0;
        for (var i = 0; i < cycles; i++)
        {
            var start = ProcessCpuSeconds();
            series = collection.Collect().Families.Sum(f => f.Samples.Count);
            samples.Add((ProcessCpuSeconds() - start) * 1000);
        }

        samples.Sort();
        return new Result(cycles, CpuClock.Percentile(samples, 0.5), CpuClock.Percentile(samples, 0.99), series);
    }

    private static double ProcessCpuSeconds()
    {
        clock_gettime(ClockProcessCpuTime, out var ts);
        return ts.Seconds + ts.Nanoseconds / 1e9;
    }

    private const int ClockProcessCpuTime = 2;

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc")]
    private static extern int clock_gettime(int clock, out TimeSpec ts);
}
