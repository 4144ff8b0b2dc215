using Microsoft.Extensions.Options;
using Npgsql;

namespace Appliance.Telemetry;

/// <summary>
/// Re-reads the PostgreSQL figures on a timer so scrapes only read caches. A failed
/// refresh keeps the previous reading and is logged once per change of state, not every tick.
/// </summary>
public sealed class TelemetryRefresher(
    HostMetrics host, TelemetryMeters meters, NpgsqlDataSource dataSource, TimeProvider time, IOptions<TelemetryOptions> options,
    ILogger<TelemetryRefresher> logger)
    : BackgroundService
{
    private string? _lastError;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Resolving the host metrics here publishes their instruments before the first scrape.
        _ = host.Latest;

        var database = new DatabaseStats(dataSource, meters);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.BackgroundRefreshSeconds), time);
        do
        {
            await RefreshAsync(database, stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    private async Task RefreshAsync(DatabaseStats database, CancellationToken ct)
    {
        try
        {
            await database.RefreshAsync(ct);

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
