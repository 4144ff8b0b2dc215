using Microsoft.Extensions.Options;

namespace Appliance.Pipeline;

/// <summary>
/// With shared queues, renews this node's lease every third of <c>Jobs:LeaseSeconds</c> and reclaims the work of nodes
/// whose lease lapsed (<see cref="NodeLease"/>). Every node does so, so any survivor takes over a dead node's rows.
/// While the shared queues are empty it also queues pending rows no job would take (<see cref="NodeLease.SweepAsync"/>).
/// With in-memory queues there is one node and nothing to do: recovery at start-up covers it.
/// </summary>
public sealed class NodeLeaseService(NodeLease lease, NodeIdentity node, IOptions<JobsOptions> options, TimeProvider time,
    ILogger<NodeLeaseService> logger, Hangfire.JobStorage storage) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!node.Shared)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.Lease / 3, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await lease.RenewAsync(starting: false, stoppingToken);
                await lease.ReclaimAsync(includeSelf: false, stoppingToken);
                if (storage.GetMonitoringApi() is { } monitor &&
                    monitor.EnqueuedCount(Queues.Scraping) == 0 && monitor.EnqueuedCount(Queues.AiProcessing) == 0)
                {
                    await lease.SweepAsync(stoppingToken);
                }
            }
            catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException)
            {
                // A node that cannot reach the database cannot renew: its claims lapse and the others take them.
                logger.LogWarning("Node lease not renewed: {Reason}", e.Message);
            }
        }
    }
}
