namespace Appliance.Reports.Capacity;

/// <summary>A stage's cumulative count of completed items, <paramref name="Seconds"/> after the run started.</summary>
public readonly record struct CounterSample(double Seconds, long Completed)
{
    /// <summary>
    /// Turns per-interval counts (as <c>metric_samples</c> stores them: items completed during the interval
    /// ending at each timestamp) into cumulative samples, starting with (<paramref name="startSeconds"/>, 0).
    /// </summary>
    public static IReadOnlyList<CounterSample> Accumulate(IEnumerable<(double Seconds, long Delta)> intervals, double startSeconds = 0)
    {
        var samples = new List<CounterSample> { new(startSeconds, 0) };
        long total = 0;
        foreach (var (seconds, delta) in intervals.OrderBy(i => i.Seconds))
        {
            total += delta;
            samples.Add(new CounterSample(seconds, total));
        }

        return samples;
    }
}
