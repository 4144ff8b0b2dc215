namespace Appliance.Runs;

/// <summary>
/// What a run measured, stored as JSON in <c>runs.summary</c>: wall time from upload to last message,
/// each stage's window and throughput, outcomes, latency, the shape of the file's hosts, and what it cost.
/// Seconds in stage windows count from the run's start.
/// </summary>
public sealed record RunSummary(
    long RunId, long UploadId, string Source, long Rows, long Rejected, double Seconds,
    DateTime StartedAt, DateTime FinishedAt,
    StageSummary Ingest, StageSummary Scrape, StageSummary Generate,
    ScrapeShape Shape, RunResources Resources)
{
    /// <summary>Each node's share of each stage (empty in summaries stored before nodes were recorded).</summary>
    public IReadOnlyList<NodeStage> Nodes { get; init; } = [];
}

/// <summary>
/// The rows one node finished in one stage (<c>websites.scraped_by</c> / <c>generated_by</c>) and the span, in seconds from
/// the run's start, between its first and last.
/// </summary>
public sealed record NodeStage(string Node, string Stage, long Items, double StartSeconds, double EndSeconds)
{
    /// <summary>Items a minute over the node's own span; 0 when it finished them all within one instant.</summary>
    public double RowsPerMinute => EndSeconds > StartSeconds ? Items / (EndSeconds - StartSeconds) * 60 : 0;
}

public sealed record StageSummary(
    string Stage, long Items, double StartSeconds, double EndSeconds, double RowsPerMinute,
    IReadOnlyDictionary<string, long> Outcomes, IReadOnlyDictionary<string, long> Failures, LatencySummary? Latency)
{
    public double Seconds => Math.Max(0, EndSeconds - StartSeconds);
}

/// <summary>Per-item latency in seconds, and a histogram over <see cref="RunStatistics.LatencyBuckets"/> (count per upper bound).</summary>
public sealed record LatencySummary(double P50, double P90, double P99, double Mean, IReadOnlyList<LatencyBucket> Histogram);

public sealed record LatencyBucket(double UpperSeconds, long Count);

/// <summary>
/// What the file asked of the web: distinct URLs fetched (the rest were cache hits), distinct hosts, the
/// busiest host's share, and how failures split into fast ones (refused, 404, reset) and slow ones (timeouts, drips).
/// </summary>
public sealed record ScrapeShape(
    long DistinctUrls, long DistinctHosts, long LargestHostUrls,
    long Ok, double OkMeanSeconds, long FastFailures, double FastFailureMeanSeconds, long SlowFailures, double SlowFailureMeanSeconds);

/// <summary>What the run cost the appliance's process and the database.</summary>
public sealed record RunResources(
    double CpuSeconds, long PeakRssBytes, long TableBytes, long IndexBytes, long DownloadedBytes, long PromptTokens, long CompletionTokens,
    int ScrapeConcurrency, int GenerateConcurrency)
{
    /// <summary>Cores busy with other work just before the run (<see cref="BackgroundCpu"/>); null in runs stored before it was measured.</summary>
    public double? BackgroundCpuCores { get; init; }

    /// <summary>CPUs the run's process may use (its affinity: <c>taskset</c>, a cgroup's cpuset); null in runs stored before it was recorded.</summary>
    public int? UsableCpus { get; init; }
}
