using Hangfire;
using Microsoft.Extensions.Options;

namespace Appliance.Pipeline;

/// <summary>
/// Runs <see cref="PipelineRecovery"/> once while the daemon starts (before systemd hears READY=1), then again
/// whenever <see cref="RecoverySignal"/> was raised and the queues have gone idle: with nothing queued, running or scheduled for a retry,
/// every claim this process still holds is an orphan and any pending row has no job to take it. With shared queues
/// "idle" means no node has work queued or running; at start-up the node first takes its lease and reclaims what its
/// name held before this process (<see cref="NodeLease"/>), and queues open uploads only when the whole cluster is idle.
/// </summary>
public sealed class RecoveryService(PipelineRecovery recovery, RecoverySignal signal, JobStorage storage,
    IOptions<RecoveryOptions> options, TimeProvider time, ILogger<RecoveryService> logger, NodeIdentity node, NodeLease lease) : BackgroundService
{
    public override async Task StartAsync(CancellationToken ct)
    {
        if (node.Shared)
        {
            await lease.RenewAsync(starting: true, ct);
            await lease.ReclaimAsync(includeSelf: true, ct);
            await recovery.RecoverAsync(startUp: true, ownClaimsAreStale: false, ct, enqueueOpen: Idle());
        }
        else
        {
            await recovery.RecoverAsync(startUp: true, ownClaimsAreStale: true, ct);
        }

        await base.StartAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.CheckSeconds), time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (!signal.IsRaised || !Idle())
            {
                continue;
            }

            signal.TryConsume();
            try
            {
                await recovery.RecoverAsync(startUp: false, ownClaimsAreStale: true, stoppingToken);
            }
            catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException)
            {
                signal.Raise();
                logger.LogWarning("Recovery waits for PostgreSQL: {Reason}", e.Message);
            }
        }
    }

    // A chunk whose retry Hangfire has scheduled is not idle work: it will run, and recovery would only queue it twice.
    private bool Idle()
    {
        var monitor = storage.GetMonitoringApi();
        return monitor.ProcessingCount() == 0 && monitor.ScheduledCount() == 0 && Queues.All.All(q => monitor.EnqueuedCount(q) == 0);
    }
}
