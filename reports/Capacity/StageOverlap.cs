namespace Appliance.Reports.Capacity;

/// <summary>
/// How much of one stage's steady work ran while the other stage was still under way: the share of the
/// shorter steady window that lies inside the other stage's whole span (first to last completion). A stage
/// trailing the other by a constant lag counts as fully overlapped (the lag is part of fill and drain);
/// a stage that only starts once the other has finished counts as 0.
/// </summary>
public static class StageOverlap
{
    public static double Between(RateEstimate a, RateEstimate b)
    {
        if (!a.HasValue || !b.HasValue)
        {
            return 1;
        }

        var (shorter, other) = a.WindowEndSeconds - a.WindowStartSeconds <= b.WindowEndSeconds - b.WindowStartSeconds ? (a, b) : (b, a);
        var length = shorter.WindowEndSeconds - shorter.WindowStartSeconds;
        if (!(length > 0))
        {
            return 1;
        }

        var common = Math.Min(shorter.WindowEndSeconds, other.LastCompletionSeconds) - Math.Max(shorter.WindowStartSeconds, other.FirstCompletionSeconds);
        return Math.Clamp(common / length, 0, 1);
    }
}
