namespace Appliance.Telemetry;

/// <summary>
/// Figures that are slow to read (a query, a call to the job storage), re-read in the background by
/// <see cref="TelemetryRefresher"/> so a scrape of /metrics only reads their cache. Resolving one publishes its instruments.
/// </summary>
public interface IBackgroundReading
{
    Task RefreshAsync(CancellationToken ct);
}
