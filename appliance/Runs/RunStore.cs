using System.Text.Json;
using Appliance.Collectors;
using Dapper;
using Npgsql;

namespace Appliance.Runs;

/// <summary>The <c>runs</c> and <c>sweep_points</c> tables: a run's configuration and host when it starts, its measured summary when it ends.</summary>
public sealed class RunStore(NpgsqlDataSource dataSource)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private const string SelectRuns = """
        SELECT id, kind, state, source, file_upload_id AS FileUploadId, configuration::text AS Configuration, host::text AS Host,
               started_at AS StartedAt, finished_at AS FinishedAt, summary::text AS Summary, error, node
        FROM runs
        """;

    /// <param name="node">The node that measures the run (<c>runs.node</c>): the others record their samples for it while it runs.</param>
    public async Task<long> CreateAsync(string kind, string source, RunSettings configuration, HostInventory host, CancellationToken ct,
        string? node = null)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return await conn.ExecuteScalarAsync<long>(new CommandDefinition(
            "INSERT INTO runs (kind, source, configuration, host, node) VALUES (@kind, @source, @configuration::jsonb, @host::jsonb, @node) RETURNING id",
            new { kind, source, configuration = JsonSerializer.Serialize(configuration, Json), host = JsonSerializer.Serialize(host, Json), node },
            cancellationToken: ct));
    }

    public Task AttachUploadAsync(long runId, long uploadId, CancellationToken ct) =>
        ExecuteAsync("UPDATE runs SET file_upload_id = @uploadId WHERE id = @runId", new { runId, uploadId }, ct);

    /// <summary>Adds keys to a run's stored configuration (what was learned while it ran, e.g. the LLM account's limits).</summary>
    public Task AddConfigurationAsync(long runId, IReadOnlyDictionary<string, string?> entries, CancellationToken ct) =>
        ExecuteAsync("UPDATE runs SET configuration = configuration || @entries::jsonb WHERE id = @runId",
            new { runId, entries = JsonSerializer.Serialize(entries, Json) }, ct);

    public Task FinishAsync(long runId, RunSummary summary, CancellationToken ct) =>
        ExecuteAsync("UPDATE runs SET state = 'finished', finished_at = now(), summary = @summary::jsonb WHERE id = @runId",
            new { runId, summary = JsonSerializer.Serialize(summary, Json) }, ct);

    public Task FinishSweepAsync(long runId, CancellationToken ct) =>
        ExecuteAsync("UPDATE runs SET state = 'finished', finished_at = now() WHERE id = @runId", new { runId }, ct);

    public Task FailAsync(long runId, string error, CancellationToken ct) =>
        ExecuteAsync("UPDATE runs SET state = 'failed', finished_at = now(), error = @error WHERE id = @runId AND state = 'running'", new { runId, error }, ct);

    public async Task<RunRecord?> GetAsync(long runId, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<RunRow>(new CommandDefinition(SelectRuns + " WHERE id = @runId", new { runId }, cancellationToken: ct));
        return row?.ToRecord();
    }

    /// <summary>The newest finished run of a kind, for commands that default to "the last run".</summary>
    public async Task<long?> LatestAsync(string kind, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return await conn.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT max(id) FROM runs WHERE kind = @kind AND state = 'finished'", new { kind }, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<RunRecord>> ListAsync(int limit, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<RunRow>(new CommandDefinition(SelectRuns + " ORDER BY id DESC LIMIT @limit", new { limit }, cancellationToken: ct));
        return [.. rows.Select(r => r.ToRecord())];
    }

    public Task AddSweepPointAsync(long runId, SweepPoint point, CancellationToken ct) => ExecuteAsync(
        """
        INSERT INTO sweep_points (run_id, stage, concurrency, seconds, items, throughput)
        VALUES (@runId, @Stage, @Concurrency, @Seconds, @Items, @Throughput)
        ON CONFLICT (run_id, stage, concurrency) DO UPDATE SET seconds = excluded.seconds, items = excluded.items, throughput = excluded.throughput
        """, new { runId, point.Stage, point.Concurrency, point.Seconds, point.Items, point.Throughput }, ct);

    /// <summary>The points of the newest finished sweep of a stage, lowest concurrency first.</summary>
    public async Task<(long? RunId, IReadOnlyList<SweepPoint> Points)> LatestSweepAsync(string stage, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var runId = await conn.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT max(r.id) FROM runs r WHERE r.kind = 'sweep' AND r.state = 'finished' AND EXISTS (SELECT 1 FROM sweep_points p WHERE p.run_id = r.id AND p.stage = @stage)",
            new { stage }, cancellationToken: ct));
        if (runId is null)
        {
            return (null, []);
        }

        var points = await conn.QueryAsync<SweepPoint>(new CommandDefinition(
            "SELECT stage, concurrency, seconds, items, throughput FROM sweep_points WHERE run_id = @runId AND stage = @stage ORDER BY concurrency",
            new { runId, stage }, cancellationToken: ct));
        return (runId, [.. points]);
    }

    private async Task ExecuteAsync(string sql, object args, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(sql, args, cancellationToken: ct));
    }

    /// <summary>What a run stored without a host description reads back as.</summary>
    private static readonly HostInventory HostUnknown = new("", 0, 0, 0, [], "", "", 0);

    /// <summary>A row as <see cref="SelectRuns"/> reads it, in its column order (Dapper matches the constructor).</summary>
    private sealed record RunRow(long Id, string Kind, string State, string Source, long? FileUploadId, string Configuration, string Host,
        DateTime StartedAt, DateTime? FinishedAt, string? Summary, string? Error, string? Node)
    {
        public RunRecord ToRecord() => new(Id, Kind, State, Source, FileUploadId,
            JsonSerializer.Deserialize<RunSettings>(Configuration, Json) ?? new RunSettings(),
            JsonSerializer.Deserialize<HostInventory>(Host, Json) ?? HostUnknown, StartedAt, FinishedAt,
            Summary is null ? null : JsonSerializer.Deserialize<RunSummary>(Summary, Json), Error, Node);
    }
}

/// <summary>One row of <c>runs</c>. <see cref="Node"/> measured it (null for runs stored before nodes were recorded).</summary>
public sealed record RunRecord(
    long Id, string Kind, string State, string Source, long? FileUploadId, RunSettings Configuration,
    HostInventory Host, DateTime StartedAt, DateTime? FinishedAt, RunSummary? Summary, string? Error, string? Node = null);

/// <summary>A stage's steady-state throughput at one concurrency level (items per second).</summary>
public sealed record SweepPoint(string Stage, int Concurrency, double Seconds, long Items, double Throughput);
