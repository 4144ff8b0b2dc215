using Hangfire;
using Npgsql;

namespace Appliance.Daemon;

/// <summary>
/// What the watchdog ping vouches for: PostgreSQL answers a query, and this process's Hangfire server is
/// still beating. A process that is up but cannot do its work should be restarted, so either failing withholds the ping.
/// </summary>
public sealed class LivenessCheck(NpgsqlDataSource db, JobStorage jobs, TimeProvider time, Pipeline.NodeIdentity node)
{
    /// <summary>A heartbeat older than this means the job server stopped (it beats every <see cref="Pipeline.Queues.HeartbeatInterval"/>).</summary>
    public static readonly TimeSpan MaxHeartbeatAge = Pipeline.Queues.HeartbeatInterval * 3;

    public async Task<string?> FailureAsync(TimeSpan timeout, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        try
        {
            await using var cmd = db.CreateCommand("SELECT 1");
            await cmd.ExecuteScalarAsync(cts.Token);
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException or TimeoutException && !ct.IsCancellationRequested)
        {
            return $"PostgreSQL does not answer ({e.GetType().Name}: {e.Message})";
        }

        var prefix = Pipeline.Queues.ServerPrefix(node);
        // One server per queue: every one of this node's must be beating (with shared queues the list has every node's).
        var servers = jobs.GetMonitoringApi().Servers().Where(s => s.Name.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        if (servers.Count < Pipeline.Queues.Workers.Count)
        {
            return $"{Pipeline.Queues.Workers.Count - servers.Count} of the job servers are not running";
        }

        var oldest = servers.Min(s => s.Heartbeat ?? DateTime.MinValue);
        var age = time.GetUtcNow().UtcDateTime - DateTime.SpecifyKind(oldest, DateTimeKind.Utc);
        return age > MaxHeartbeatAge ? $"a job server's last heartbeat was {age.TotalSeconds:0} s ago" : null;
    }
}
