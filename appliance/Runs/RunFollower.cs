using Appliance.Pipeline;
using Appliance.Telemetry;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Appliance.Runs;

/// <summary>
/// With shared queues, every node records its own samples while another node measures a run: each node's host
/// figures for the run are its own, and one node's samples cannot show another's. Every
/// <c>Telemetry:FollowSeconds</c> it reads which run is running on a node whose lease is alive (one read-only
/// statement, no write while idle), follows it with the <see cref="SampleRecorder"/> and stops when the run ends
/// (at most that many seconds late; readers cut samples at the run's end). A node that measures a run of its own
/// records that one instead. With in-memory queues there is one node and nothing to follow.
/// </summary>
public sealed class RunFollower(SampleRecorder recorder, NodeIdentity node, NpgsqlDataSource dataSource, TimeProvider time,
    IOptions<TelemetryOptions> options, ILogger<RunFollower> logger)
    : BackgroundService
{
    // A run whose node died stays 'running' in the table; its lapsed lease keeps the others from recording it forever.
    private const string Running = """
        SELECT r.id FROM runs r JOIN appliance_nodes n ON n.name = r.node AND n.lease_until > now()
        WHERE r.state = 'running' AND r.kind = 'run' AND r.node <> @me
        ORDER BY r.id LIMIT 1
        """;

    private string? _lastError;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!node.Shared)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.FollowSeconds), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await FollowAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            if (recorder.FollowedRunId is { } followed)
            {
                await recorder.StopAsync(followed);
            }
        }
    }

    /// <summary>One look at the runs table: start, keep or stop following.</summary>
    private async Task FollowAsync(CancellationToken ct)
    {
        long? running;
        try
        {
            await using var conn = await dataSource.OpenConnectionAsync(ct);
            running = await conn.ExecuteScalarAsync<long?>(new CommandDefinition(Running, new { me = node.Name }, cancellationToken: ct));
            _lastError = null;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            // Keep doing what we did: the next look decides again.
            if (_lastError != e.Message)
            {
                logger.LogWarning("Could not look for running runs: {Error}", e.Message);
                _lastError = e.Message;
            }

            return;
        }

        if (recorder.FollowedRunId is { } followed && followed != running)
        {
            await recorder.StopAsync(followed);
            logger.LogInformation("Run {RunId} of another node ended: stopped recording its samples", followed);
        }

        if (running is { } id && recorder.ActiveRunId is null && recorder.TryFollow(id, node.Name))
        {
            logger.LogInformation("Run {RunId} is measured by another node: recording this node's samples for it", id);
        }
    }
}
