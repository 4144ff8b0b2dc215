using System.Net;
using Appliance.Tests.Support;
using Dapper;

namespace Appliance.Tests.Daemon;

/// <summary><c>appliance serve</c> as systemd runs it: a real process speaking sd_notify to a socket the test binds.</summary>
public sealed class ServeProcessTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private Dictionary<string, string> Environment(string? notifySocket = null)
    {
        var env = new Dictionary<string, string>
        {
            ["APPLIANCE_ConnectionStrings__Postgres"] = db.ConnectionString,
            ["APPLIANCE_StateDirectory"] = Path.Combine(Path.GetTempPath(), $"appliance-serve-{Guid.NewGuid():N}"),
        };
        if (notifySocket is not null)
        {
            env["NOTIFY_SOCKET"] = notifySocket;
        }

        return env;
    }

    [Fact]
    public async Task Ready_AfterStorageAnswers_ThenWatchdogPings_ThenStoppingOnSigterm()
    {
        using var dir = new TempDirectory();
        using var systemd = new NotifySocket(dir.File("notify"));
        var env = Environment(systemd.Path);
        env["WATCHDOG_USEC"] = "400000";
        await using var serve = ServeProcess.Start(env);

        var ready = await systemd.WaitForAsync("READY=1", StartTimeout);

        // READY means usable: migrated schema, storage answering, HTTP up.
        Assert.Contains("STATUS=Running:", ready);
        Assert.Equal(HttpStatusCode.OK, (await serve.Client.GetAsync("/healthz")).StatusCode);
        await using (var conn = await db.DataSource.OpenConnectionAsync())
        {
            Assert.True(await conn.ExecuteScalarAsync<int>("SELECT count(*) FROM schema_migrations") >= 4);
        }

        await systemd.WaitForAsync("WATCHDOG=1", TimeSpan.FromSeconds(10));
        await systemd.WaitForAsync("WATCHDOG=1", TimeSpan.FromSeconds(10));

        serve.Signal(ServeProcess.SigTerm);
        await systemd.WaitForAsync("STOPPING=1", TimeSpan.FromSeconds(30));
        Assert.Equal(0, await serve.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.DoesNotContain("   at ", serve.Output);
    }

    [Theory]
    [InlineData("APPLIANCE_Scrape__Concurrency", "0", null, "Scrape:Concurrency")]
    [InlineData("APPLIANCE_Api__KeyHashes__0", "sha256:not-hex", null, "Api:KeyHashes:0")]
    [InlineData("APPLIANCE_Api__UploadsPerMinute", "30", "http://0.0.0.0:{port}", "Api:KeyHashes")]
    public async Task ConfigurationError_StopsStartUp_NamingTheKey(string variable, string value, string? urls, string key)
    {
        var env = Environment();
        env[variable] = value;
        var port = new Random().Next(20_000, 60_000);
        await using var serve = ServeProcess.Start(env, urls?.Replace("{port}", port.ToString(), StringComparison.Ordinal));

        var exit = await serve.WaitForExitAsync(StartTimeout);

        Assert.True(exit == 78, $"exit {exit}:\n{serve.Output}");
        Assert.Contains($"configuration error: {key}", serve.Output);
        Assert.DoesNotContain("   at ", serve.Output);
    }
}
