namespace Appliance.Reports.Capacity;

/// <summary>
/// How fast the host ran a sample, by the host speed probe its samples carry (collectors/HostSpeedProbe.cs: CPU milliseconds
/// for a fixed integer chain and a fixed 4 MiB random walk; more is a slower host): each reading's median over the run, and
/// how far the host's speed moved inside it — the spread (standard deviation of the logarithm) of the 10-second medians
/// of their geometric mean, null with fewer than three such blocks. On a shared VM the same work costs more CPU while a
/// neighbour is busy, and a CPU-bound run takes longer — on this project's lab host by 20–50 % in phases where the walk
/// was 5–15 % slower (docs/benchmarks.md): the probe flags such a phase, it does not size it. Neither the load average
/// nor steal shows it.
/// </summary>
public sealed record HostSpeedSummary(double ComputeMs, double MemoryMs, int Readings, double? Moved)
{
    public const double BlockSeconds = 10;

    /// <summary>The summary of the readings there are (seconds since the run's start, both milliseconds); null without any.</summary>
    public static HostSpeedSummary? From(IReadOnlyList<(double Seconds, double ComputeMs, double MemoryMs)> readings)
    {
        var usable = readings.Where(r => r.ComputeMs > 0 && r.MemoryMs > 0).ToList();
        if (usable.Count == 0)
        {
            return null;
        }

        var blocks = usable.GroupBy(r => Math.Floor(r.Seconds / BlockSeconds))
            .Where(g => g.Count() >= BlockSeconds / 2)
            .Select(g => Median(g.Select(r => Math.Log(r.ComputeMs * r.MemoryMs) / 2)))
            .ToList();
        double? moved = null;
        if (blocks.Count >= 3)
        {
            var mean = blocks.Average();
            moved = Math.Exp(Math.Sqrt(blocks.Sum(b => (b - mean) * (b - mean)) / (blocks.Count - 1))) - 1;
        }

        return new HostSpeedSummary(Median(usable.Select(r => r.ComputeMs)), Median(usable.Select(r => r.MemoryMs)), usable.Count, moved);
    }

    /// <summary>How much slower <paramref name="later"/> ran than this (0.1: 10 % more CPU for the same work), by the geometric mean of both readings.</summary>
    public double SlowerIn(HostSpeedSummary later) => Math.Sqrt(later.ComputeMs * later.MemoryMs / (ComputeMs * MemoryMs)) - 1;

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        var mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
