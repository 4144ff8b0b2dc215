using Appliance.Storage;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Appliance.Ingest;

/// <summary>
/// Deletes uploads older than <c>Ingest:RetentionDays</c> (file, rows, messages, rejects) soon after start and then
/// every hour, so personal data is not kept for ever by default of anyone remembering to purge. Off when 0.
/// </summary>
public sealed class UploadRetention(
    NpgsqlDataSource db, StatePaths paths, IOptions<IngestOptions> options, TimeProvider time, ILogger<UploadRetention> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var days = options.Value.RetentionDays;
        if (days == 0)
        {
            return;
        }

        var purger = new UploadPurger(db, paths.Uploads);
        do
        {
            try
            {
                var purged = await purger.PurgeOlderThanAsync(time.GetUtcNow().AddDays(-days), stoppingToken);
                if (purged.Count > 0)
                {
                    logger.LogInformation("Retention ({Days} days): purged uploads {Ids}", days, string.Join(", ", purged.Select(p => p.UploadId)));
                }
            }
            catch (Exception e) when (e is NpgsqlException or IOException && !stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Retention: purge failed, tried again in an hour: {Error}", e.Message);
            }
        }
        while (await WaitAsync(stoppingToken));
    }

    private async Task<bool> WaitAsync(CancellationToken ct)
    {
        try
        {
            await Task.Delay(Interval, time, ct);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
