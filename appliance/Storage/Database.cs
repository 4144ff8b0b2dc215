using System.Data.Common;
using Npgsql;

namespace Appliance.Storage;

/// <summary>
/// The appliance's PostgreSQL: the server named by <c>ConnectionStrings:Postgres</c>, or else the
/// bundled cluster in the state directory. Migrations are applied when it opens.
/// </summary>
public sealed class Database : IAsyncDisposable
{
    private readonly BundledPostgres? _bundled;

    private Database(NpgsqlDataSource dataSource, BundledPostgres? bundled, string description)
    {
        DataSource = dataSource;
        _bundled = bundled;
        Description = description;
    }

    /// <summary>The pool's name in Npgsql's metrics (<c>db_client_connection_pool_name</c>).</summary>
    public const string DataSourceName = "appliance";

    public NpgsqlDataSource DataSource { get; }

    /// <summary>Where the data lives, for logs and reports; never includes a password.</summary>
    public string Description { get; }

    public static async Task<Database> OpenAsync(IConfiguration configuration, string stateDirectory, ILoggerFactory loggers, CancellationToken ct = default)
    {
        var logger = loggers.CreateLogger<Database>();
        var configured = configuration.GetConnectionString("Postgres");
        BundledPostgres? bundled = null;
        string connectionString, description;
        if (string.IsNullOrWhiteSpace(configured))
        {
            bundled = await BundledPostgres.StartAsync(stateDirectory, loggers.CreateLogger<BundledPostgres>(),
                configuration["Storage:BundledUser"] ?? "postgres", ct);
            connectionString = bundled.ConnectionString();
            description = $"bundled PostgreSQL in {bundled.DataDirectory}";
        }
        else
        {
            connectionString = configured;
            var b = new NpgsqlConnectionStringBuilder(configured);
            description = $"PostgreSQL at {b.Host}:{b.Port}/{b.Database}";
        }

        var builder = new NpgsqlDataSourceBuilder(connectionString);
        if (!SetsNoResetOnClose(connectionString))
        {
            // Npgsql resets a pooled connection with DISCARD ALL when it is taken again, and PostgreSQL commits each
            // DISCARD as a transaction of its own: with the queues in PostgreSQL that was half of an idle node's ~100
            // commits/s (docs/benchmarks.md). Nothing here leaves session state on a connection (no SET, no session
            // advisory locks, no LISTEN, no prepared statements), so there is nothing to reset. An explicit setting wins.
            builder.ConnectionStringBuilder.NoResetOnClose = true;
        }

        // Npgsql labels its pool metrics with the data source's name, by default the connection string: on /metrics that
        // showed the socket path and the user. A fixed name says which pool it is and nothing about the host.
        builder.Name = DataSourceName;
        builder.UseLoggerFactory(loggers);
        var dataSource = builder.Build();
        try
        {
            await Migrator.ApplyAsync(dataSource, logger, ct);
        }
        catch
        {
            await dataSource.DisposeAsync();
            if (bundled is not null)
            {
                await bundled.DisposeAsync();
            }

            throw;
        }

        return new Database(dataSource, bundled, description);
    }

    /// <summary>Whether the string names the setting itself (Npgsql's builder answers true for every keyword it knows).</summary>
    private static bool SetsNoResetOnClose(string connectionString)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        return given.ContainsKey("No Reset On Close") || given.ContainsKey("NoResetOnClose");
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        if (_bundled is not null)
        {
            await _bundled.DisposeAsync();
        }
    }
}
