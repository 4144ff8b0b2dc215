using Appliance.Collectors;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Appliance.Telemetry;

/// <summary>
/// While a run is active, writes one <see cref="SampleRow"/> per interval (1 s by default) into
/// <c>metric_samples</c>. One run at a time: the node measuring a run starts and stops its recording
/// (<see cref="Start"/>); on the other nodes sharing the database, <see cref="RunFollower"/> follows it
/// (<see cref="TryFollow"/>), and a run of this node's own takes over from a followed one.
/// A failed insert loses that row only and is logged once until inserts succeed again. Each row names the node that
/// took it (its host figures are that node's) and carries the database's counters, which every node adds to, and the
/// host speed probe's reading (<see cref="HostSpeedGauges"/>, at most 5 s old: how fast the host ran the sample).
/// </summary>
public sealed class SampleRecorder(
    HostMetrics host, PipelineMetrics pipeline, HostSpeedGauges speed, NpgsqlDataSource dataSource, TimeProvider time,
    IOptions<TelemetryOptions> options, ILogger<SampleRecorder> logger) : IAsyncDisposable
{
    // One statement a second: the sample and the database's counters (pg_stat_database, read in the same statement).
    private const string Insert = """
        INSERT INTO metric_samples (run_id, ts, interval_seconds, load1, load5, load15,
            cpu_user, cpu_nice, cpu_system, cpu_iowait, cpu_irq, cpu_softirq, cpu_steal, cpu_idle,
            mem_used_bytes, mem_available_bytes, disk_read_bytes_per_s, disk_write_bytes_per_s, disk_iops, disk_wait_ms,
            disk_queue_depth, disks, net_rx_bytes_per_s, net_tx_bytes_per_s,
            psi_cpu_some, psi_memory_some, psi_memory_full, psi_io_some, psi_io_full,
            ingest_completed, scrape_completed, generate_completed, ingest_in_flight, scrape_in_flight, generate_in_flight,
            process_rss_bytes, process_cpu_cores, probe_compute_ms, probe_memory_ms, node, db_connections, db_commits, db_rows_written)
        SELECT @RunId, @Ts, @IntervalSeconds, @Load1, @Load5, @Load15,
            @CpuUser, @CpuNice, @CpuSystem, @CpuIowait, @CpuIrq, @CpuSoftirq, @CpuSteal, @CpuIdle,
            @MemUsedBytes, @MemAvailableBytes, @DiskReadBytesPerS, @DiskWriteBytesPerS, @DiskIops, @DiskWaitMs,
            @DiskQueueDepth, @Disks::jsonb, @NetRxBytesPerS, @NetTxBytesPerS,
            @PsiCpuSome, @PsiMemorySome, @PsiMemoryFull, @PsiIoSome, @PsiIoFull,
            @IngestCompleted, @ScrapeCompleted, @GenerateCompleted, @IngestInFlight, @ScrapeInFlight, @GenerateInFlight,
            @ProcessRssBytes, @ProcessCpuCores, @ProbeComputeMs, @ProbeMemoryMs, @Node, d.numbackends, d.xact_commit, d.tup_inserted + d.tup_updated + d.tup_deleted
        FROM (SELECT 1) one LEFT JOIN pg_stat_database d ON d.datname = current_database()
        """;

    private readonly Lock _gate = new();
    private Recording? _active;

    public long? ActiveRunId => _active?.RunId;

    /// <summary>The run being recorded because another node measures it, if any.</summary>
    public long? FollowedRunId => _active is { Followed: true } a ? a.RunId : null;

    /// <summary>Records a run this node measures; stops following another node's run first.</summary>
    /// <param name="node">The node taking the samples (<c>metric_samples.node</c>): its host figures are that node's.</param>
    public void Start(long runId, string node)
    {
        lock (_gate)
        {
            if (_active is { Followed: false })
            {
                throw new InvalidOperationException($"Run {_active.RunId} is already being recorded.");
            }

            Begin(runId, node, followed: false);
        }
    }

    /// <summary>Records another node's run, unless a run is being recorded already.</summary>
    public bool TryFollow(long runId, string node)
    {
        lock (_gate)
        {
            if (_active is not null)
            {
                return false;
            }

            Begin(runId, node, followed: true);
            return true;
        }
    }

    /// <summary>Stops recording whatever is recorded; the rows written so far stay.</summary>
    public Task StopAsync() => StopAsync(null);

    /// <summary>Stops recording <paramref name="runId"/> if that is the run being recorded (null: whatever is).</summary>
    public async Task StopAsync(long? runId)
    {
        Recording? active;
        lock (_gate)
        {
            active = runId is null || _active?.RunId == runId ? _active : null;
            if (active is not null)
            {
                _active = null;
            }
        }

        if (active is not null)
        {
            await active.Stop.CancelAsync();
            await active.Loop;
            active.Stop.Dispose();
        }
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    // Under _gate. A followed recording being replaced ends first (its loop awaited by the new one), so two loops never overlap.
    private void Begin(long runId, string node, bool followed)
    {
        var previous = _active;
        previous?.Stop.Cancel();

        // The timer exists before Start returns, so no tick of the clock can be missed.
        var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.SampleIntervalSeconds), time);
        var baseline = (host.Collect(), PipelineReading.From(pipeline));
        var stop = new CancellationTokenSource();
        _active = new Recording(runId, followed, stop, Task.Run(async () =>
        {
            if (previous is not null)
            {
                await previous.Loop;
                previous.Stop.Dispose();
            }

            await LoopAsync(runId, node, timer, baseline, stop.Token);
        }));
    }

    private async Task LoopAsync(long runId, string node, PeriodicTimer timer, (HostSnapshot Host, PipelineReading Pipeline) prev, CancellationToken ct)
    {
        using var _ = timer;
        var failing = false;
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                var cur = (Host: host.Collect(), Pipeline: PipelineReading.From(pipeline));
                var seconds = time.GetElapsedTime(prev.Host.Timestamp, cur.Host.Timestamp).TotalSeconds;
                var probe = speed.Current(HostSpeedGauges.RecordingSeconds);
                var row = SampleRow.Between(prev.Host, cur.Host, seconds, prev.Pipeline, cur.Pipeline) with
                {
                    ProbeComputeMs = probe?.ComputeMs, ProbeMemoryMs = probe?.MemoryMs,
                };
                prev = cur;
                try
                {
                    await using var conn = await dataSource.OpenConnectionAsync(ct);
                    var parameters = new DynamicParameters(row);
                    parameters.Add("RunId", runId);
                    parameters.Add("Node", node);
                    await conn.ExecuteAsync(new CommandDefinition(Insert, parameters, cancellationToken: ct));
                    failing = false;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    if (!failing)
                    {
                        logger.LogWarning("Sample for run {RunId} not stored: {Error}", runId, e.Message);
                    }

                    failing = true;
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private sealed record Recording(long RunId, bool Followed, CancellationTokenSource Stop, Task Loop);
}
