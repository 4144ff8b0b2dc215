using Appliance.Reports.Capacity;
using Dapper;
using Npgsql;

namespace Appliance.Runs;

/// <summary>
/// One line of the model's track record: a run, what the model projected for its rows from a basis, and what it took;
/// <see cref="HostSlower"/>: how much more CPU the host speed probe's work took during the run than during the basis
/// (0.1: the host 10 % slower), null where either carries no probe readings — where the cores bind, a slower host makes
/// the run longer, often by more than this (it flags a slow phase, it does not size it).
/// </summary>
public sealed record BacktestEntry(
    long RunId, string Basis, long? FromRunId, long Rows, double ActualSeconds,
    double? ProjectedSeconds, double? LowSeconds, double? HighSeconds, string? Bottleneck, bool? SteadyState, string? Problem,
    double? HostSlower = null)
{
    public double? ErrorPercent => ProjectedSeconds is { } p && ActualSeconds > 0 ? (p - ActualSeconds) / ActualSeconds * 100 : null;

    public bool? Inside => LowSeconds is { } low && HighSeconds is { } high ? ActualSeconds >= low && ActualSeconds <= high : null;
}

/// <summary>
/// The back-test of every finished run (<c>run_backtests</c>, migration 0013): the projection for the run's own row count
/// from its first tenth (<see cref="RunPrefix"/>: the rows, per-item figures and samples as they stood when a tenth of
/// the rows had been scraped) and from the newest earlier run, beside the run's wall time. Recorded when a run finishes;
/// <see cref="ListAsync"/> fills in runs finished before this existed.
/// </summary>
public sealed class RunBacktests(RunStore runs, RunStatistics statistics, CapacityInputs inputs, NpgsqlDataSource dataSource, ILogger<RunBacktests> logger)
{
    public const string FirstTenth = "first_tenth";
    public const string PreviousRun = "previous_run";

    private const string Upsert = """
        INSERT INTO run_backtests (run_id, basis, from_run_id, rows, actual_seconds, projected_seconds, low_seconds, high_seconds, bottleneck, steady_state, problem, host_slower)
        VALUES (@RunId, @Basis, @FromRunId, @Rows, @ActualSeconds, @ProjectedSeconds, @LowSeconds, @HighSeconds, @Bottleneck, @SteadyState, @Problem, @HostSlower)
        ON CONFLICT (run_id, basis) DO UPDATE SET from_run_id = excluded.from_run_id, rows = excluded.rows, actual_seconds = excluded.actual_seconds,
            projected_seconds = excluded.projected_seconds, low_seconds = excluded.low_seconds, high_seconds = excluded.high_seconds,
            bottleneck = excluded.bottleneck, steady_state = excluded.steady_state, problem = excluded.problem, host_slower = excluded.host_slower,
            created_at = now()
        """;

    private const string List = """
        SELECT run_id AS RunId, basis AS Basis, from_run_id AS FromRunId, rows AS Rows, actual_seconds AS ActualSeconds, projected_seconds AS ProjectedSeconds,
               low_seconds AS LowSeconds, high_seconds AS HighSeconds, bottleneck AS Bottleneck, steady_state AS SteadyState, problem AS Problem,
               host_slower AS HostSlower
        FROM run_backtests ORDER BY run_id, basis
        """;

    private const string Missing = """
        SELECT r.id FROM runs r WHERE r.kind = 'run' AND r.state = 'finished' AND r.summary IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM run_backtests b WHERE b.run_id = r.id) ORDER BY r.id
        """;

    /// <summary>Projects and stores both bases for a finished run; a basis that cannot be projected is stored with its reason.</summary>
    public async Task<IReadOnlyList<BacktestEntry>> RecordAsync(long runId, CancellationToken ct)
    {
        var run = await runs.GetAsync(runId, ct);
        if (run?.Summary is not { } s)
        {
            return [];
        }

        var samples = CapacityInputs.OnOwnersClock(await inputs.StoredSamplesAsync(run.Id, s.StartedAt, ct), run.Node).Select(RunSample.From).ToList();
        var speed = ServiceInputs.HostSpeedOf(samples);
        var entries = new List<BacktestEntry> { await FromFirstTenthAsync(run, s, samples, speed, ct) };
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var previous = await conn.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT max(id) FROM runs WHERE kind = 'run' AND state = 'finished' AND id < @runId", new { runId }, cancellationToken: ct));
        if (previous is { } p)
        {
            entries.Add(await ProjectAsync(run, s, PreviousRun, p, speed, () => inputs.LoadAsync(p, ct)));
        }

        foreach (var e in entries)
        {
            await conn.ExecuteAsync(new CommandDefinition(Upsert, e, cancellationToken: ct));
        }

        return entries;
    }

    /// <summary>The track record, oldest run first; with <paramref name="backfill"/>, finished runs without one get theirs first.</summary>
    public async Task<IReadOnlyList<BacktestEntry>> ListAsync(bool backfill, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        if (backfill)
        {
            foreach (var id in await conn.QueryAsync<long>(new CommandDefinition(Missing, cancellationToken: ct)))
            {
                await RecordAsync(id, ct);
            }
        }

        return [.. await conn.QueryAsync<BacktestEntry>(new CommandDefinition(List, cancellationToken: ct))];
    }

    private async Task<BacktestEntry> FromFirstTenthAsync(RunRecord run, RunSummary s, List<RunSample> samples, HostSpeedSummary? speed, CancellationToken ct)
    {
        var cutoff = RunPrefix.CutoffSeconds(samples, s.Rows, RunPrefix.DefaultShare);
        if (cutoff is not { } seconds)
        {
            return Failed(run, s, FirstTenth, null, "the samples never reached a tenth of the rows scraped");
        }

        var figures = await statistics.ReadAsync(s.UploadId, s.StartedAt, ct, s.StartedAt.AddSeconds(seconds));
        return await ProjectAsync(run, s, FirstTenth, null, speed, () => Task.FromResult(RunPrefix.Build(run, figures, samples, seconds)));
    }

    private async Task<BacktestEntry> ProjectAsync(RunRecord run, RunSummary s, string basis, long? from, HostSpeedSummary? speed, Func<Task<CapacityModelInputs>> load)
    {
        try
        {
            var model = await load();
            var p = CapacityProjector.Project(model.Projection, s.Rows);
            var slower = model.Projection.Run.Service?.HostSpeed is { } before && speed is not null ? before.SlowerIn(speed) : (double?)null;
            return new BacktestEntry(run.Id, basis, from, s.Rows, s.Seconds, p.SecondsExpected, p.SecondsLow, p.SecondsHigh, p.Bottleneck, p.SteadyState?.Reached, null, slower);
        }
        catch (Exception e) when (e is ProjectionException or ArgumentOutOfRangeException)
        {
            logger.LogInformation("Back-test of run {RunId} from {Basis}: {Problem}", run.Id, basis, e.Message);
            return Failed(run, s, basis, from, e.Message);
        }
    }

    private static BacktestEntry Failed(RunRecord run, RunSummary s, string basis, long? from, string problem) =>
        new(run.Id, basis, from, s.Rows, s.Seconds, null, null, null, null, null, problem);
}
