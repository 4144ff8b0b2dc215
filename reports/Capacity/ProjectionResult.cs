namespace Appliance.Reports.Capacity;

/// <summary>One stage's share of a projection: its steady-state seconds for the rows, its rate, and what limits it.</summary>
public sealed record StageTime(string Stage, double Seconds, double ItemsPerSecond, double Items, string Limit);

/// <summary>
/// Expected wall time for <see cref="Rows"/> rows with a 90% interval, the bottleneck and the arithmetic behind it:
/// ingest + fill + the stages' steady time (the bottleneck's, plus the part of the other stage that does not
/// overlap it) + drain.
/// </summary>
public sealed record ProjectionResult(
    long Rows, double SecondsExpected, double SecondsLow, double SecondsHigh,
    string Bottleneck, string Reason, IReadOnlyList<StageTime> Stages)
{
    public double IngestSeconds { get; init; }

    public double FillSeconds { get; init; }

    public double DrainSeconds { get; init; }

    /// <summary>The bottleneck stage's recommended concurrency from its USL fit; null without a sweep.</summary>
    public int? RecommendedConcurrency { get; init; }

    /// <summary>Caveats: what was assumed or could not be priced.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>Each stage's capacity by the operational laws, with its binding limit; empty for a projection from rates only.</summary>
    public IReadOnlyList<StageCapacity> Capacity { get; init; } = [];

    /// <summary>Whether the sample showed the bottleneck in a steady state, and the rows a sample needs; null for a projection from rates only.</summary>
    public SteadyStateCheck? SteadyState { get; init; }

    /// <summary>How fast the host ran the sample (the host speed probe); null where its samples carry no probe readings.</summary>
    public HostSpeedSummary? HostSpeed { get; init; }

    /// <summary>The range of the host's speed the interval allowed for (<see cref="ProjectionInput.HostSpeedSpread"/>); null from the rate model.</summary>
    public HostSpeedSpread? HostSpeedSpread { get; init; }
}

/// <summary>The measurements cannot support a projection (a stage without a steady-state rate, an empty run).</summary>
public sealed class ProjectionException(string message) : Exception(message);
