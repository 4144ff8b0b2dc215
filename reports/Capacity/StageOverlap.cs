namespace Appliance.Reports.Capacity;

/// <summary>How far two stages' steady windows overlapped in time, as a share of the shorter window.</summary>
public static class StageOverlap
{
    /// <summary>1 when the shorter stage's window lies inside the other's, 0 when they ran one after the other.</summary>
    public static double Between(RateEstimate a, RateEstimate b)
    {
        if (!a.HasValue || !b.HasValue)
        {
            return 1;
        }

        var shorter = Math.Min(a.WindowEndSeconds - a.WindowStartSeconds, b.WindowEndSeconds - b.WindowStartSeconds);
        if (!(shorter > 0))
        {
            return 1;
        }

        var common = Math.Min(a.WindowEndSeconds, b.WindowEndSeconds) - Math.Max(a.WindowStartSeconds, b.WindowStartSeconds);
        return Math.Clamp(common / shorter, 0, 1);
    }
}
