namespace Appliance.Reports.Report;

/// <summary>One measurement of a concurrency sweep.</summary>
public sealed record SweepPoint(int Concurrency, double ThroughputPerSecond);

/// <summary>
/// A stage's concurrency sweep and its Universal Scalability Law fit (Gunther):
/// X(N) = λN / (1 + σ(N−1) + κN(N−1)). The fields are null when the fit failed; <see cref="FitError"/> says why.
/// </summary>
public sealed record StageScalability
{
    public required string Stage { get; init; }
    public IReadOnlyList<SweepPoint> Points { get; init; } = [];
    public double? Sigma { get; init; }
    public double? Kappa { get; init; }
    public double? Lambda { get; init; }
    public double? RSquared { get; init; }
    /// <summary>√((1−σ)/κ); null when κ is zero (throughput never falls).</summary>
    public double? PeakConcurrency { get; init; }
    public int? RecommendedConcurrency { get; init; }
    public string? FitError { get; init; }

    public bool HasFit => Sigma is not null && Kappa is not null && Lambda is not null && FitError is null;

    public double? ThroughputAt(double n) => HasFit
        ? Lambda!.Value * n / (1 + Sigma!.Value * (n - 1) + Kappa!.Value * n * (n - 1))
        : null;
}

/// <summary>Projected completion time for N rows, from the capacity model.</summary>
public sealed record ProjectionResult
{
    public required long Rows { get; init; }
    public required double SecondsExpected { get; init; }
    public double? SecondsLow { get; init; }
    public double? SecondsHigh { get; init; }
    public string? Bottleneck { get; init; }
    /// <summary>One sentence on why that stage limits the run.</summary>
    public string? Reason { get; init; }
    public IReadOnlyList<StageTime> StageSeconds { get; init; } = [];
    /// <summary>Projected time at several concurrencies (the customer's, the recommended one, others).</summary>
    public IReadOnlyList<ConcurrencyProjection> ByConcurrency { get; init; } = [];
    /// <summary>The concurrency the customer runs today ("4 workers × 8").</summary>
    public int CustomerConcurrency { get; init; } = 32;
    public int? RecommendedConcurrency { get; init; }
}

public sealed record StageTime(string Stage, double Seconds);

public sealed record ConcurrencyProjection(int Concurrency, double SecondsExpected, double? SecondsLow = null, double? SecondsHigh = null);
