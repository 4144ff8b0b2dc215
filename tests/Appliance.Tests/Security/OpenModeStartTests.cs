using System.Net;
using Appliance.Security;
using Appliance.Telemetry;
using Appliance.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Appliance.Tests.Security;

/// <summary>With no API key, every way of listening beyond loopback is refused: before start, after start, and per request.</summary>
public sealed class OpenModeStartTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    private async Task<Exception?> StartAsync(Dictionary<string, string?> settings)
    {
        using var state = new TempDirectory();
        settings["ConnectionStrings:Postgres"] = db.ConnectionString;
        settings["StateDirectory"] = state.Path;
        settings.TryAdd("Urls", "http://127.0.0.1:0");
        try
        {
            await using var server = await Program.BuildWebAppAsync(settings);
            await server.StartAsync();
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }

    [Theory]
    [InlineData("Urls", "http://0.0.0.0:0")]
    [InlineData("Urls", "http://127.0.0.1:0;http://*:0")]
    [InlineData("Telemetry:MetricsUrl", "http://0.0.0.0:9101")]
    [InlineData("Kestrel:Endpoints:Extra:Url", "http://0.0.0.0:0")]
    public async Task AConfiguredNonLoopbackAddress_StopsStartUpNamingTheKey(string key, string value)
    {
        var error = await StartAsync(new() { [key] = value });

        var failure = Assert.IsType<OptionsValidationException>(error);
        Assert.Contains(failure.Failures, f => f.Contains("loopback only", StringComparison.Ordinal) && f.Contains(key, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnAddressBoundAnotherWay_IsCaughtByTheCheckAfterStart()
    {
        // Whatever bound it (an environment variable, a future setting), the check reads the server's own list of bound addresses.
        using var state = new TempDirectory();
        await using var server = await Program.BuildWebAppAsync(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = db.ConnectionString,
            ["StateDirectory"] = state.Path,
            ["Urls"] = "http://127.0.0.1:0",
        });
        await server.StartAsync();
        var guard = server.App.Services.GetServices<IHostedService>().OfType<OpenModeGuard>().Single();
        await guard.StartedAsync(CancellationToken.None);

        var exposed = new OpenModeGuard(new ApiKeys([]), new BoundServer("http://127.0.0.1:8000", "http://[::]:8000"));
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => exposed.StartedAsync(CancellationToken.None));

        Assert.Contains("bound http://[::]:8000", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithAKey_ANonLoopbackAddressIsAllowed() =>
        Assert.Null(await StartAsync(new() { ["Urls"] = "http://0.0.0.0:0", ["Api:KeyHashes:0"] = ApiKeys.Hash(ApiKeys.NewKey()) }));

    [Theory]
    [InlineData("http://127.0.0.1:8000", true)]
    [InlineData("http://localhost:5000", true)]
    [InlineData("http://[::1]:8000", true)]
    [InlineData("http://[::]:8000", false)]
    [InlineData("http://0.0.0.0:8000", false)]
    [InlineData("http://192.168.1.5:8000", false)]
    [InlineData("http://unix:/run/appliance.sock", true)]
    public void BoundAddresses_CountAsExposedUnlessLoopback(string address, bool loopback) =>
        Assert.Equal(!loopback, OpenModeGuard.NonLoopback([address]).Any());

    [Theory]
    [InlineData("192.168.1.5", 403)]
    [InlineData("10.0.0.2", 403)]
    [InlineData("127.0.0.1", 200)]
    [InlineData("::ffff:127.0.0.1", 200)]
    [InlineData("::1", 200)]
    public async Task ARequestOnANonLoopbackAddress_IsRefusedInOpenMode(string local, int status)
    {
        var guard = new RequestGuardMiddleware(http => { http.Response.StatusCode = 200; return Task.CompletedTask; },
            new ApiKeys([]), Options.Create(new TelemetryOptions()));
        var context = new DefaultHttpContext();
        context.Connection.LocalIpAddress = IPAddress.Parse(local);
        context.Request.Method = "GET";
        context.Request.Host = new HostString("localhost:8000");
        context.Response.Body = new MemoryStream();

        await guard.InvokeAsync(context);

        Assert.Equal(status, context.Response.StatusCode);
    }
}
