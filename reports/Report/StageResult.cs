namespace Appliance.Reports.Report;

/// <summary>A label and a count: items by outcome, failures by reason.</summary>
public sealed record NamedCount(string Name, long Count);

/// <summary>One latency histogram bucket: items whose latency was above the previous bound and at most this one
/// (counts per bucket, not cumulative as Prometheus stores them). The last bound may be +∞.</summary>
public sealed record HistogramBucket(double UpperBoundSeconds, long Count);

/// <summary>What one pipeline stage did in the run.</summary>
public sealed record StageResult
{
    /// <summary>"ingest", "scrape" or "generate"; the report matches these to the sample columns.</summary>
    public required string Name { get; init; }
    public IReadOnlyList<NamedCount> Outcomes { get; init; } = [];
    /// <summary>
    /// The stage's one rate: the capacity model's steady rate (rows a minute between 10% and 90% of its items) with its
    /// 90% interval, over <see cref="SteadyFromSeconds"/>–<see cref="SteadyToSeconds"/>; null when there was no steady state.
    /// </summary>
    public double? RowsPerMinute { get; init; }
    public double? RowsPerMinuteLow { get; init; }
    public double? RowsPerMinuteHigh { get; init; }
    public double? SteadyFromSeconds { get; init; }
    public double? SteadyToSeconds { get; init; }

    /// <summary>Seconds from the stage's start to its last item (fill and drain included); for a stage too short for a rate.</summary>
    public double? SpanSeconds { get; init; }
    public double? P50Seconds { get; init; }
    public double? P90Seconds { get; init; }
    public double? P99Seconds { get; init; }
    public IReadOnlyList<HistogramBucket> Histogram { get; init; } = [];
    public IReadOnlyList<NamedCount> FailuresByReason { get; init; } = [];
    /// <summary>The in-flight limit the stage ran with in this run.</summary>
    public int? Concurrency { get; init; }

    public long Total => Outcomes.Sum(o => o.Count);
    public long Failed => FailuresByReason.Sum(f => f.Count);

    /// <summary>Rows refused at ingest (bad URL, malformed row): an outcome, not a failure of the stage.</summary>
    public long Rejected => Outcomes.Where(o => o.Name == "rejected").Sum(o => o.Count);
}
