using System.Diagnostics;
using System.Globalization;

namespace Appliance.Benchmarks;

/// <summary>CPU seconds (user + system) of this process or another one, from /proc.</summary>
public static class CpuClock
{
    public static double Self() => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;

    /// <summary>utime + stime of a process, summed with its reaped children's, from /proc/PID/stat (USER_HZ 100).</summary>
    public static double Of(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var f = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(f[11], CultureInfo.InvariantCulture) + long.Parse(f[12], CultureInfo.InvariantCulture)) / 100.0;
    }

    public static double Percentile(IReadOnlyList<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
