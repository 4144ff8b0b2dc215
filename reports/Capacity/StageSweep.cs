namespace Appliance.Reports.Capacity;

/// <summary>A stage's concurrency sweep and its USL fit, or why there is none (no sweep stored, too few points, no convergence).</summary>
public sealed record StageSweep(string Stage, long? SweepRunId, IReadOnlyList<ConcurrencyPoint> Points, UslModel? Fit, string? FitError)
{
    /// <summary>Fits the points; a sweep that cannot be fitted keeps its points and says why.</summary>
    public static StageSweep Of(string stage, long? sweepRunId, IReadOnlyList<ConcurrencyPoint> points)
    {
        if (points.Count == 0)
        {
            return new StageSweep(stage, null, points, null, $"no {stage} sweep stored (appliance sweep --stage {stage})");
        }

        try
        {
            return new StageSweep(stage, sweepRunId, points, UslModel.Fit(points), null);
        }
        catch (UslFitException e)
        {
            return new StageSweep(stage, sweepRunId, points, null, e.Message);
        }
    }
}
