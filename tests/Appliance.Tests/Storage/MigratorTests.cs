using Appliance.Storage;
using Appliance.Tests.Support;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;

namespace Appliance.Tests.Storage;

public class MigratorTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task Apply_OnAMigratedDatabase_AppliesNothing_EvenWhenProcessesRace()
    {
        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Migrator.ApplyAsync(db.DataSource, NullLogger.Instance)));

        Assert.All(runs, Assert.Empty);
        await using var conn = await db.DataSource.OpenConnectionAsync();
        var versions = await conn.QueryAsync<string>("SELECT version FROM schema_migrations ORDER BY version");
        Assert.Equal(Migrator.Embedded().Select(m => m.Version), versions);
    }

    [Fact]
    public async Task Schema_HasTheCustomersThreeIndexesByName()
    {
        await using var conn = await db.DataSource.OpenConnectionAsync();
        var indexes = await conn.QueryAsync<string>("SELECT indexname FROM pg_indexes WHERE tablename = 'websites'");

        Assert.Contains("idx_websites_file_upload_id", indexes);
        Assert.Contains("idx_websites_status", indexes);
        Assert.Contains("idx_websites_created_at", indexes);
    }

    [Fact]
    public void Embedded_AreOrderedAndNamedByVersion()
    {
        var versions = Migrator.Embedded().Select(m => m.Version).ToList();

        Assert.NotEmpty(versions);
        Assert.Equal(versions.Order(StringComparer.Ordinal), versions);
        Assert.All(versions, v => Assert.Matches(@"^\d{4}_[a-z0-9_]+$", v));
    }
}
