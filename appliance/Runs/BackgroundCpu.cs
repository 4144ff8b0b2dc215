using System.Diagnostics;
using Appliance.Collectors;

namespace Appliance.Runs;

/// <summary>
/// CPU busy on the host that is not the run's, measured for a moment before the run starts: host busy cores (from
/// <c>/proc/stat</c>: everything but idle and iowait) less this process's. The lab child and PostgreSQL are idle then, so
/// this is what other work takes from the cores; the capacity model takes it to persist through the run (it cannot tell
/// other processes from PostgreSQL and the lab while the run works) and prices the cores left.
/// </summary>
public static class BackgroundCpu
{
    public static async Task<double?> MeasureAsync(TimeSpan over, TimeProvider time, CancellationToken ct)
    {
        if (Busy() is not { } before)
        {
            return null;
        }

        var ownBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var start = time.GetTimestamp();
        await Task.Delay(over, time, ct);
        var seconds = time.GetElapsedTime(start).TotalSeconds;
        if (Busy() is not { } after || !(seconds > 0))
        {
            return null;
        }

        var own = (Process.GetCurrentProcess().TotalProcessorTime - ownBefore).TotalSeconds;
        return Math.Max(0, ((after - before) - own) / seconds);
    }

    /// <summary>CPU-seconds the host's CPUs have been busy since boot; null where /proc/stat cannot be read.</summary>
    private static double? Busy()
    {
        try
        {
            var stat = ProcStat.Parse(File.ReadAllText("/proc/stat"));
            return stat.Cpus.Sum(c => c.User + c.Nice + c.System + c.Irq + c.SoftIrq + c.Steal);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
