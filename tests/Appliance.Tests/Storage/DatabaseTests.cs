using Appliance.Storage;
using Appliance.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Appliance.Tests.Storage;

public class DatabaseTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task Open_TurnsOffThePoolsResetOnClose_SoATakenConnectionCostsNoDiscardTransaction()
    {
        await using var database = await OpenAsync(db.ConnectionString);

        Assert.True(new NpgsqlConnectionStringBuilder(database.DataSource.ConnectionString).NoResetOnClose);
    }

    [Fact]
    public async Task Open_KeepsAnExplicitResetOnCloseSetting()
    {
        await using var database = await OpenAsync(db.ConnectionString + ";No Reset On Close=false");

        Assert.False(new NpgsqlConnectionStringBuilder(database.DataSource.ConnectionString).NoResetOnClose);
    }

    private static Task<Database> OpenAsync(string connectionString)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = connectionString }).Build();
        return Database.OpenAsync(configuration, Path.GetTempPath(), NullLoggerFactory.Instance);
    }
}
