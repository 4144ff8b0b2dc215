namespace Appliance.Reports.Capacity;

/// <summary>
/// Everything the projection takes from one measured run: its size and wall time (upload to last message),
/// ingest, the two overlapping stages, the file's shape and the host it ran on.
/// </summary>
public sealed record RunMeasurements(
    long Rows, double WallSeconds, double IngestSeconds,
    StageMeasurement Scrape, StageMeasurement Generate,
    ScrapeMix Mix, HostLimits Hosts, double Cores)
{
    /// <summary>Ingest's COPY rate; 0 to scale <see cref="IngestSeconds"/> with rows (no startup term).</summary>
    public double IngestRowsPerSecond { get; init; }

    /// <summary>Ingest time that does not grow with rows (opening the file, sniffing, the transaction).</summary>
    public double IngestStartupSeconds { get; init; }

    /// <summary>
    /// How much the shorter stage's work ran alongside the longer one: 1 = fully pipelined (generate trails
    /// scrape chunk by chunk), 0 = one after the other. Measure it with <see cref="StageOverlap.Between"/>.
    /// </summary>
    public double StageOverlap { get; init; } = 1;

    /// <summary>Per-item measurements (service times, in flight, CPU a row); null for runs that recorded only rates.</summary>
    public ServiceMeasurements? Service { get; init; }

    /// <summary>Ingest seconds for <paramref name="rows"/> rows.</summary>
    public double IngestSecondsFor(long rows) =>
        IngestRowsPerSecond > 0 ? IngestStartupSeconds + rows / IngestRowsPerSecond : IngestSeconds * rows / Math.Max(1, Rows);
}
