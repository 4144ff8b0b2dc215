using Appliance.Reports.Capacity;

namespace Appliance.Reports.Report;

/// <summary>
/// Everything the capacity report shows, as plain data. The caller (the appliance) maps its database and the
/// capacity model onto these records; the report does no I/O and computes only presentation figures
/// (min/mean/max of a series, rates between samples, factors against the baseline).
/// Anything that may be missing is nullable or an empty list, and its section says so instead of failing.
/// </summary>
public sealed record ReportInput
{
    public required RunInfo Run { get; init; }
    public required HostInfo Host { get; init; }

    /// <summary>One row per second of the run (the columns of <c>metric_samples</c>), oldest first.</summary>
    public IReadOnlyList<TelemetrySample> Samples { get; init; } = [];

    /// <summary>Per pipeline stage (ingest, scrape, generate), in pipeline order.</summary>
    public IReadOnlyList<StageResult> Stages { get; init; } = [];

    public StackInfo? Stack { get; init; }

    /// <summary>The nodes that did the run's work; empty when the run did not record them.</summary>
    public IReadOnlyList<NodeResult> Nodes { get; init; } = [];

    /// <summary>One entry per swept stage; empty when no concurrency sweep was run.</summary>
    public IReadOnlyList<StageSweep> Scalability { get; init; } = [];

    /// <summary>The capacity model's projection for the report's row count, at the run's own settings.</summary>
    public ProjectionResult? Projection { get; init; }

    /// <summary>The same projection at other concurrencies (the customer's, the recommended one, the sweep's levels).</summary>
    public IReadOnlyList<ConcurrencyProjection> ByConcurrency { get; init; } = [];

    /// <summary>The concurrency the customer runs today ("4 workers × 8").</summary>
    public int CustomerConcurrency { get; init; } = 32;

    /// <summary>The projection on 1…K nodes; null when it could not be made.</summary>
    public NodeScalingResult? NodeScaling { get; init; }

    public ResourceEstimate? Resources { get; init; }

    /// <summary>The capacity model's inputs, for the what-if projections of "What to change"; null: that section says so.</summary>
    public ProjectionInput? Model { get; init; }

    /// <summary>The LLM account the run used (limits, price, model); null when no LLM was used.</summary>
    public LlmAccount? Llm { get; init; }

    /// <summary>Free space where the database keeps its files, against what the projected rows need; null: not measured.</summary>
    public DiskSpace? Disk { get; init; }

    /// <summary>Earlier runs' projections set against what those runs then took (the model's back-test); empty: none yet.</summary>
    public IReadOnlyList<TrackRecordRow> TrackRecord { get; init; } = [];

    /// <summary>The key figures of an earlier run to compare with; build them with <see cref="KeyFigures.From"/>.</summary>
    public KeyFigures? Baseline { get; init; }

    /// <summary>Extra sentences for "Method and caveats" (what was simulated, anything unusual about this run).</summary>
    public IReadOnlyList<string> MethodNotes { get; init; } = [];
}

/// <summary>
/// The LLM account a run generated with: its model, its configured limits (0 = none), what a message costs the pacer in
/// tokens, the price per million tokens when configured, and how many calls it refused with 429 when that was counted.
/// Routes (real time, provider batch) with their times and costs, when the model priced them.
/// </summary>
public sealed record LlmAccount(string? Model, int RequestsPerMinute, int TokensPerMinute, double TokensPerMessage, TokenPrice? Price)
{
    public long? RateLimitedCalls { get; init; }
    public IReadOnlyList<LlmRoute> Routes { get; init; } = [];
}

/// <summary>One way of sending the projected rows' messages to the LLM, with its time and cost and what they rest on.</summary>
public sealed record LlmRoute(string Name, double Seconds, double? Cost, string? Currency, string Basis);

/// <summary>Free bytes on the file system at <see cref="Path"/> when the report was written.</summary>
public sealed record DiskSpace(string Path, long FreeBytes, long TotalBytes);

/// <summary>
/// One back-tested run: what the model projected for it from a smaller run, and what it took; <see cref="HostSlower"/>:
/// how much more CPU the host speed probe's fixed work took during the run than during its basis (null where unprobed).
/// </summary>
public sealed record TrackRecordRow(string Setup, long Rows, double ProjectedSeconds, double LowSeconds, double HighSeconds, double ActualSeconds, double? HostSlower = null)
{
    public double ErrorShare => ActualSeconds > 0 ? (ProjectedSeconds - ActualSeconds) / ActualSeconds : 0;
    public bool Inside => ActualSeconds >= LowSeconds && ActualSeconds <= HighSeconds;
}

/// <summary>The capacity model's projection with every stage's in-flight limit set to <see cref="Concurrency"/>.</summary>
public sealed record ConcurrencyProjection(int Concurrency, ProjectionResult Projection);

/// <summary>The run being reported: what was processed, when, and with which settings.</summary>
public sealed record RunInfo
{
    public required long Id { get; init; }
    public required DateTime StartedUtc { get; init; }
    public DateTime? FinishedUtc { get; init; }
    /// <summary>Rows accepted from the input file.</summary>
    public required long Rows { get; init; }
    public string? FileName { get; init; }
    /// <summary>Wall-clock seconds from start to the last stage finishing; null while unfinished.</summary>
    public double? SecondsWall { get; init; }
    public IReadOnlyList<KeyValuePair<string, string>> Configuration { get; init; } = [];
    /// <summary>The stored generator, e.g. "template" or "llm:gpt-4o-mini".</summary>
    public string? Generator { get; init; }
    public string? LlmEndpoint { get; init; }
    public bool UsesLabWeb { get; init; }
    public bool UsesLabLlm { get; init; }
}

/// <summary>Hardware inventory of the host the run was measured on.</summary>
public sealed record HostInfo
{
    public required string Hostname { get; init; }
    public string? Kernel { get; init; }
    public string? CpuModel { get; init; }
    public required int Cores { get; init; }
    public long? RamBytes { get; init; }
    public IReadOnlyList<DiskInfo> Disks { get; init; } = [];
}

public sealed record DiskInfo(string Name, string? Model, long? SizeBytes, bool? Rotational);
