namespace Appliance.Reports.Report;

/// <summary>A stage's headline numbers, as compared between runs.</summary>
public sealed record StageFigures(string Stage, double? RowsPerMinute, double? P50Seconds, double? P90Seconds, double? P99Seconds,
    double? FailureShare);

/// <summary>
/// The figures of a run that the comparison section puts side by side. Build the baseline's with
/// <see cref="From"/> over the baseline run's <see cref="ReportInput"/> (its own baseline is ignored).
/// </summary>
public sealed record KeyFigures
{
    public required long RunId { get; init; }
    public required DateTime StartedUtc { get; init; }
    public required long Rows { get; init; }
    public double? SecondsWall { get; init; }
    public IReadOnlyList<StageFigures> Stages { get; init; } = [];
    public long? ProjectedRows { get; init; }
    public double? ProjectedSeconds { get; init; }
    public string? Bottleneck { get; init; }
    public int? RecommendedConcurrency { get; init; }
    public double? CpuCoreSecondsPerRow { get; init; }
    public double? PeakRssBytes { get; init; }
    public double? MeanLoadPerCore { get; init; }

    public static KeyFigures From(ReportInput input)
    {
        var cores = Math.Max(1, input.Host.Cores);
        return new KeyFigures
        {
            RunId = input.Run.Id,
            StartedUtc = input.Run.StartedUtc,
            Rows = input.Run.Rows,
            SecondsWall = input.Run.SecondsWall,
            Stages = input.Stages.Select(s => new StageFigures(s.Name, s.RowsPerMinute, s.P50Seconds, s.P90Seconds, s.P99Seconds,
                s.Total > 0 ? (double)s.Failed / s.Total : null)).ToList(),
            ProjectedRows = input.Projection?.Rows,
            ProjectedSeconds = input.Projection?.SecondsExpected,
            Bottleneck = input.Projection?.Bottleneck,
            RecommendedConcurrency = ExecutiveSummarySection.Best(input)?.Concurrency,
            CpuCoreSecondsPerRow = input.Resources?.CpuCoreSecondsPerRow,
            PeakRssBytes = SeriesStats.Of(input.Samples.Select(s => (double?)s.ProcessRssBytes))?.Max,
            MeanLoadPerCore = SeriesStats.Of(input.Samples.Select(s => s.Load1 / cores))?.Mean,
        };
    }
}
