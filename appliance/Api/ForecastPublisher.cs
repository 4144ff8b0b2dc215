using Appliance.Telemetry;
using Dapper;
using Npgsql;

namespace Appliance.Api;

/// <summary>
/// Every <see cref="Period"/>, prices each upload in progress with the capacity model (<see cref="ModelEta"/>, the same
/// ETA the web page shows) and publishes it to <see cref="ForecastGauges"/> for Prometheus, whether or not anyone
/// watches the page. Reads the per-upload counters (upload_progress), a few rows an upload.
/// </summary>
public sealed class ForecastPublisher(NpgsqlDataSource dataSource, ModelEta model, ForecastGauges gauges, TimeProvider time, ILogger<ForecastPublisher> logger)
    : BackgroundService
{
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(10);

    private const string InProgress = """
        SELECT f.id AS Id, f.rows_accepted AS Rows,
               coalesce(sum(p.row_count) FILTER (WHERE p.scraping_status IN ('pending', 'fetching')), 0)::bigint AS ScrapeLeft,
               coalesce(sum(p.row_count) FILTER (WHERE p.generation_status IN ('pending', 'generating')), 0)::bigint AS GenerateLeft
        FROM file_uploads f JOIN upload_progress p ON p.file_upload_id = f.id
        WHERE f.state = 'ingested'
        GROUP BY f.id, f.rows_accepted
        HAVING coalesce(sum(p.row_count) FILTER (WHERE p.scraping_status IN ('pending', 'fetching') OR p.generation_status IN ('pending', 'generating')), 0) > 0
        ORDER BY f.id DESC LIMIT 20
        """;

    private string? _lastError;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period, time);
        do
        {
            await PublishAsync(stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    /// <summary>One round: price what is in progress, drop what is through.</summary>
    public async Task PublishAsync(CancellationToken ct)
    {
        try
        {
            await using var conn = await dataSource.OpenConnectionAsync(ct);
            var uploads = (await conn.QueryAsync<UploadLeft>(new CommandDefinition(InProgress, cancellationToken: ct))).ToList();
            var priced = new HashSet<long>();
            foreach (var u in uploads)
            {
                if (await model.ForAsync(u.Rows, u.ScrapeLeft, u.GenerateLeft, ct) is { } eta)
                {
                    gauges.Publish(u.Id, eta.Seconds, eta.LowSeconds, eta.HighSeconds);
                    priced.Add(u.Id);
                }
            }

            gauges.Retain(priced);
            _lastError = null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A background service that throws stops the host: a forecast that cannot be priced must never do that.
            if (e.Message != _lastError)
            {
                logger.LogWarning("Forecast not published: {Error}", e.Message);
                _lastError = e.Message;
            }
        }
    }

    /// <summary>A row of <see cref="InProgress"/>, in its column order (Dapper matches the constructor).</summary>
    private sealed record UploadLeft(long Id, int Rows, long ScrapeLeft, long GenerateLeft);
}
