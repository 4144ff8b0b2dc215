namespace Appliance.Reports.Report;

/// <summary>
/// One row of <c>metric_samples</c> (appliance/Storage/Migrations/0002_telemetry.sql), keyed by seconds since the run
/// started instead of a timestamp. Rates are per second over the interval ending at the sample; CPU and pressure
/// figures are fractions 0..1 of the interval (CPU: of all CPUs together). Nullable where a collector may be absent
/// (no /proc/pressure on older kernels, a failed read).
/// </summary>
public sealed record TelemetrySample
{
    public required double SecondsSinceStart { get; init; }
    public double IntervalSeconds { get; init; } = 1;

    public double? Load1 { get; init; }
    public double? Load5 { get; init; }
    public double? Load15 { get; init; }

    public double? CpuUser { get; init; }
    public double? CpuNice { get; init; }
    public double? CpuSystem { get; init; }
    public double? CpuIowait { get; init; }
    public double? CpuIrq { get; init; }
    public double? CpuSoftirq { get; init; }
    public double? CpuSteal { get; init; }
    public double? CpuIdle { get; init; }

    public long? MemUsedBytes { get; init; }
    public long? MemAvailableBytes { get; init; }

    public double? DiskReadBytesPerS { get; init; }
    public double? DiskWriteBytesPerS { get; init; }
    public double? DiskIops { get; init; }
    public double? DiskWaitMs { get; init; }
    public double? DiskQueueDepth { get; init; }

    public double? NetRxBytesPerS { get; init; }
    public double? NetTxBytesPerS { get; init; }

    public double? PsiCpuSome { get; init; }
    public double? PsiMemorySome { get; init; }
    public double? PsiMemoryFull { get; init; }
    public double? PsiIoSome { get; init; }
    public double? PsiIoFull { get; init; }

    /// <summary>Cumulative items completed per stage since the run started.</summary>
    public long IngestCompleted { get; init; }
    public long ScrapeCompleted { get; init; }
    public long GenerateCompleted { get; init; }
    public long IngestInFlight { get; init; }
    public long ScrapeInFlight { get; init; }
    public long GenerateInFlight { get; init; }

    public long? ProcessRssBytes { get; init; }
    /// <summary>CPU used by the appliance process, in cores (1.0 = one core fully busy).</summary>
    public double? ProcessCpuCores { get; init; }

    /// <summary>CPU milliseconds the host took for the probe's fixed work with this sample (collectors/HostSpeedProbe.cs): an
    /// integer chain and a 4 MiB random walk; more is a slower host. Null in samples stored before they were recorded.</summary>
    public double? ProbeComputeMs { get; init; }
    public double? ProbeMemoryMs { get; init; }

    /// <summary>The database's cumulative counters (pg_stat_database); null in samples stored before they were recorded.</summary>
    public long? DbConnections { get; init; }
    public long? DbCommits { get; init; }
    public long? DbRowsWritten { get; init; }

    /// <summary>The node that took the sample (its host and process figures are that node's); null in older runs.</summary>
    public string? Node { get; init; }
}
