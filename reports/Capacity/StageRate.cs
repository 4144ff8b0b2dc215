namespace Appliance.Reports.Capacity;

/// <summary>
/// The steady-state rate of one stage from its cumulative counter. The fill (workers starting, the first
/// items still in flight) and the drain (the queue empty, the slowest items — timeouts — finishing) are cut
/// by count: the window runs from the first sample at or past <see cref="FillShare"/> of the stage's items
/// to the first sample at or past <see cref="DrainShare"/>. The rate is items over seconds across the window;
/// its 90% interval comes from a seeded moving-block bootstrap of the window's intervals.
/// </summary>
public static class StageRate
{
    public const double FillShare = 0.10;
    public const double DrainShare = 0.90;

    /// <summary>Fewer intervals than this in the window make the interval meaningless: run more rows.</summary>
    public const int MinimumIntervals = 5;

    /// <summary>A stage that completed fewer items has no steady state to speak of.</summary>
    public const long MinimumItems = 20;

    public static RateEstimate Estimate(IReadOnlyList<CounterSample> samples)
    {
        var ordered = samples.OrderBy(s => s.Seconds).ToList();
        if (ordered.Count < 2)
        {
            return RateEstimate.NotEnoughData($"not enough data: {ordered.Count} sample(s); a rate needs a series of 1 s samples", ordered.Count);
        }

        var baseline = ordered[0].Completed;
        var total = ordered[^1].Completed - baseline;
        if (total < MinimumItems)
        {
            return RateEstimate.NotEnoughData($"not enough data: the stage completed {total} item(s), fewer than {MinimumItems}", ordered.Count, total);
        }

        var from = ordered.FindIndex(s => s.Completed - baseline >= FillShare * total);
        var to = ordered.FindIndex(s => s.Completed - baseline >= DrainShare * total);
        var intervals = to - from;
        if (intervals < MinimumIntervals)
        {
            return RateEstimate.NotEnoughData(
                $"not enough data: only {intervals} sample interval(s) between {FillShare * 100:0}% and {DrainShare * 100:0}% of the stage's {total} items (need {MinimumIntervals}); run more rows",
                ordered.Count, total);
        }

        var counts = new double[intervals];
        var seconds = new double[intervals];
        for (var i = 0; i < intervals; i++)
        {
            counts[i] = ordered[from + i + 1].Completed - ordered[from + i].Completed;
            seconds[i] = ordered[from + i + 1].Seconds - ordered[from + i].Seconds;
        }

        var span = ordered[to].Seconds - ordered[from].Seconds;
        if (!(span > 0))
        {
            return RateEstimate.NotEnoughData("not enough data: the window has no duration (repeated timestamps)", ordered.Count, total);
        }

        var rate = (ordered[to].Completed - ordered[from].Completed) / span;
        var (low, high) = BlockBootstrap.RatioInterval(counts, seconds);
        return new RateEstimate(rate, Math.Min(low, rate), Math.Max(high, rate), ordered[from].Seconds, ordered[to].Seconds, intervals + 1)
        {
            CompletedBeforeWindow = ordered[from].Completed - baseline,
            TotalCompleted = total,
            FirstCompletionSeconds = ordered.First(s => s.Completed > baseline).Seconds,
            LastCompletionSeconds = ordered.First(s => s.Completed - baseline >= total).Seconds,
        };
    }
}
