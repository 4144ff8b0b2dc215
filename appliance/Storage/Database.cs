using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
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

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        if (_bundled is not null)
        {
            await _bundled.DisposeAsync();
        }
    }
}
