using Microsoft.Extensions.Options;

namespace Appliance.Telemetry;

/// <summary>
/// Re-reads every <see cref="IBackgroundReading"/> (the PostgreSQL figures; the pipeline's queue depths) on a timer so
/// scrapes only read caches. A failed refresh keeps the previous reading and is logged once per change of state, not every tick.
/// </summary>
public sealed class TelemetryRefresher(
    HostMetrics host, IEnumerable<IBackgroundReading> readings, TimeProvider time, IOptions<TelemetryOptions> options,
    ILogger<TelemetryRefresher> logger)
    : BackgroundService
{
    private string? _lastError;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Resolving the host metrics here publishes their instruments before the first scrape.
        _ = host.Latest;

        var all = readings.ToList();
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.BackgroundRefreshSeconds), time);
        do
        {
            await RefreshAsync(all, stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    private async Task RefreshAsync(IReadOnlyList<IBackgroundReading> readings, CancellationToken ct)
    {
        try
        {
            foreach (var reading in readings)
            {
                await reading.RefreshAsync(ct);
            }

            if (_lastError is not null)
            {
                logger.LogInformation("Telemetry refresh recovered");
                _lastError = null;
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            if (_lastError != e.Message)
            {
                logger.LogWarning("Telemetry refresh failed, keeping the previous figures: {Error}", e.Message);
                _lastError = e.Message;
            }
        }
    }
}
