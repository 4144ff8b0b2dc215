using Appliance.Storage;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Appliance.Tests.Support;

/// <summary>A fresh, migrated database on the test cluster for one test class; dropped afterwards.</summary>
public sealed class DatabaseFixture : IAsyncLifetime
{
    private readonly string _name = $"t_{Guid.NewGuid():N}";
    private BundledPostgres _cluster = null!;

    public NpgsqlDataSource DataSource { get; private set; } = null!;

    public string ConnectionString => _cluster.ConnectionString(_name);

    public async Task InitializeAsync()
    {
        _cluster = await TestPostgres.GetAsync();
        await using (var admin = new NpgsqlConnection(_cluster.ConnectionString("postgres")))
        {
            await admin.ExecuteAsync($"CREATE DATABASE {_name}");
        }

        DataSource = NpgsqlDataSource.Create(ConnectionString);
        await Migrator.ApplyAsync(DataSource, NullLogger.Instance);
    }

    public async Task DisposeAsync()
    {
        await DataSource.DisposeAsync();
        await using var admin = new NpgsqlConnection(_cluster.ConnectionString("postgres"));
        await admin.ExecuteAsync($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)");
    }
}
