namespace Appliance.Reports.Report;

/// <summary>
/// Resources for <see cref="Rows"/> rows, each total with the measured per-row cost it was scaled from.
/// Every figure is nullable: what was not measured is shown as not measured.
/// </summary>
public sealed record ResourceEstimate
{
    public required long Rows { get; init; }

    public double? CpuCoreSecondsPerRow { get; init; }
    public double? CpuCoreSecondsTotal { get; init; }

    /// <summary>Resident memory at the recommended concurrency, and the per-in-flight-item cost it comes from.</summary>
    public long? MemoryBytesAtRecommended { get; init; }
    public long? MemoryBytesPerInFlightItem { get; init; }
    public int? RecommendedConcurrency { get; init; }

    public double? StorageBytesPerRow { get; init; }
    public double? StorageBytesTotal { get; init; }

    public double? DownloadBytesPerRow { get; init; }
    public double? DownloadBytesTotal { get; init; }

    public double? TokensPerRow { get; init; }
    public double? TokensTotal { get; init; }

    public decimal? CostPerRow { get; init; }
    public decimal? CostTotal { get; init; }
    public string? Currency { get; init; }
}
