using Appliance.Storage;
using Appliance.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Appliance.Tests.Storage;

public class BundledPostgresTests
{
    private static async Task<int> AnswerAsync(BundledPostgres cluster)
    {
        await using var conn = new NpgsqlConnection(cluster.ConnectionString());
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT 41 + 1", conn);
        return (int)(await cmd.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task SecondUserOfTheStateDirectory_ReusesTheCluster_AndTheLastOneOutStopsIt()
    {
        using var dir = new TempDirectory();
        var first = await BundledPostgres.StartAsync(dir.Path, NullLogger.Instance);
        var second = await BundledPostgres.StartAsync(dir.Path, NullLogger.Instance);

        Assert.True(first.StartedByUs);
        Assert.False(second.StartedByUs);
        Assert.Equal(42, await AnswerAsync(second));

        await first.DisposeAsync(); // the second still holds it: it keeps running
        Assert.Equal(42, await AnswerAsync(second));

        await second.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => AnswerAsync(second));
        Assert.False(File.Exists(Path.Combine(second.DataDirectory, "postmaster.pid")));
    }

    [Fact]
    public async Task Cluster_IsSocketOnly_AndRestartsOnItsExistingData()
    {
        using var dir = new TempDirectory();
        await using (var cluster = await BundledPostgres.StartAsync(dir.Path, NullLogger.Instance))
        {
            await using var conn = new NpgsqlConnection(cluster.ConnectionString());
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand("SHOW listen_addresses; ", conn);
            Assert.Equal("", (string)(await cmd.ExecuteScalarAsync())!);
            await using var create = new NpgsqlCommand("CREATE TABLE kept (x int); INSERT INTO kept VALUES (7)", conn);
            await create.ExecuteNonQueryAsync();
        }

        await using var again = await BundledPostgres.StartAsync(dir.Path, NullLogger.Instance);
        await using var conn2 = new NpgsqlConnection(again.ConnectionString());
        await conn2.OpenAsync();
        await using var read = new NpgsqlCommand("SELECT x FROM kept", conn2);
        Assert.True(again.StartedByUs);
        Assert.Equal(7, (int)(await read.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task RunAsRoot_TheServerRunsAsTheUnprivilegedUser()
    {
        var cluster = await TestPostgres.GetAsync();
        await using var conn = new NpgsqlConnection(cluster.ConnectionString());
        await conn.OpenAsync();
        var pid = conn.ProcessID;
        var uid = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("Uid:")).Split('\t', StringSplitOptions.RemoveEmptyEntries)[1];

        if (Environment.UserName == "root")
        {
            Assert.NotEqual("0", uid);
            Assert.Equal("postgres", cluster.DatabaseUser);
        }
        else
        {
            Assert.Equal("", cluster.DatabaseUser);
        }
    }
}
