using Appliance.Collectors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Appliance.Storage;
using Appliance.Telemetry;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Npgsql;

namespace Appliance.Tests.Telemetry;

/// <summary>
/// A small web host with the daemon's telemetry composition (AddTelemetry + MapMetrics) on a
/// kernel-chosen loopback port, reading the host from the given sources (real /proc by default),
/// optionally with a database and the job server so their figures appear too.
/// </summary>
public sealed class TelemetryHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TelemetryHost(WebApplication app, Uri baseUrl)
    {
        _app = app;
        Client = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };
    }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<TelemetryHost> StartAsync(HostSources? sources = null, NpgsqlDataSource? dataSource = null, bool jobs = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        if (sources is not null)
        {
            builder.Services.AddSingleton(sources);
        }

        if (jobs)
        {
            // The whole composition over the test database. A fixed node name, so appliance_node_info reads the same in
            // every run (the default is host:pid).
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Node:Name"] = "test-node" }).Build();
            builder.Services.AddAppliance(configuration, dataSource ?? throw new ArgumentException("the job server needs a database"),
                new StatePaths(Path.Combine(Path.GetTempPath(), $"appliance-telemetry-{Guid.NewGuid():N}")));
        }
        else
        {
            // Telemetry alone; its database figures come from a server that is not there (refused at once, on loopback),
            // so they stay absent, as on a host whose database is down.
            builder.Services.AddSingleton(dataSource ?? NpgsqlDataSource.Create("Host=127.0.0.1;Port=1;Timeout=1"));
            builder.Services.AddTelemetry();
        }

        var app = builder.Build();
        app.MapMetrics();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new TelemetryHost(app, new Uri(address));
    }

    public Task<string> ScrapeAsync() => Client.GetStringAsync("/metrics");

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
    }
}
