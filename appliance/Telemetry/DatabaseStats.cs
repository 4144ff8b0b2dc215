using System.Diagnostics.Metrics;
using Dapper;
using Npgsql;

namespace Appliance.Telemetry;

/// <summary>
/// PostgreSQL figures for this database from <c>pg_stat_database</c> and <c>pg_database_size</c>.
/// Read in the background by <see cref="TelemetryRefresher"/>; the instruments report the cached
/// reading, so a scrape never waits on a query (pg_database_size walks the data directory).
/// </summary>
public sealed class DatabaseStats : IBackgroundReading
{
    private const string Query = """
        SELECT numbackends::bigint AS Connections, xact_commit AS Commits, xact_rollback AS Rollbacks,
               tup_inserted AS Inserted, tup_updated AS Updated, tup_deleted AS Deleted,
               pg_database_size(datname) AS SizeBytes
        FROM pg_stat_database WHERE datname = current_database()
        """;

    private readonly NpgsqlDataSource _dataSource;
    private volatile Reading? _last;

    public DatabaseStats(NpgsqlDataSource dataSource, TelemetryMeters meters)
    {
        _dataSource = dataSource;
        var m = meters.Database;
        m.CreateObservableGauge("appliance_postgres_connections", () => Observe(r => r.Connections), null, "Backends connected to the appliance's database (pg_stat_database.numbackends).");
        m.CreateObservableCounter("appliance_postgres_commits_total", () => Observe(r => r.Commits), null, "Transactions committed in the appliance's database.");
        m.CreateObservableCounter("appliance_postgres_rollbacks_total", () => Observe(r => r.Rollbacks), null, "Transactions rolled back in the appliance's database.");
        m.CreateObservableCounter("appliance_postgres_rows_written_total", ObserveRows, null, "Rows inserted, updated and deleted in the appliance's database, by operation.");
        m.CreateObservableGauge("appliance_postgres_database_size_bytes", () => Observe(r => r.SizeBytes), null, "Size of the appliance's database on disk (pg_database_size).");
    }

    public async Task RefreshAsync(CancellationToken ct)
    {
        await using var conn = await _dataSource.OpenConnectionAsync(ct);
        _last = await conn.QuerySingleAsync<Reading>(new CommandDefinition(Query, cancellationToken: ct));
    }

    private IEnumerable<Measurement<long>> Observe(Func<Reading, long> pick) =>
        _last is { } r ? [new Measurement<long>(pick(r))] : [];

    private IEnumerable<Measurement<long>> ObserveRows() => _last is { } r
        ?
        [
            new Measurement<long>(r.Inserted, new KeyValuePair<string, object?>("operation", "insert")),
            new Measurement<long>(r.Updated, new KeyValuePair<string, object?>("operation", "update")),
            new Measurement<long>(r.Deleted, new KeyValuePair<string, object?>("operation", "delete")),
        ]
        : [];

    public sealed record Reading(long Connections, long Commits, long Rollbacks, long Inserted, long Updated, long Deleted, long SizeBytes);
}
