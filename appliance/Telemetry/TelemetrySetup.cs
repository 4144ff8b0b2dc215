using Appliance.Collectors;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace Appliance.Telemetry;

/// <summary>Host collectors, pipeline and database instruments, the sample recorder, and the OpenTelemetry meter provider behind /metrics.</summary>
public static class TelemetrySetup
{
    /// <summary>Framework meters exported alongside ours.</summary>
    public static readonly string[] FrameworkMeters =
        ["Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Net.Http", "Npgsql"];

    /// <summary>
    /// The only attributes the HttpClient instruments keep. Their defaults (<c>server.address</c>, <c>server.port</c>,
    /// <c>network.peer.address</c>) name every scraped host: a series per lead on an endpoint that needs no key. What is
    /// left has a fixed, small set of values whatever the lead list holds.
    /// </summary>
    public static readonly string[] HttpClientTags =
        ["http.request.method", "http.response.status_code", "error.type", "url.scheme", "network.protocol.version", "http.connection.state"];

    /// <summary>
    /// The attributes Kestrel's instruments keep: not <c>server.address</c>, the local address a client connected to (one
    /// series per address of a many-homed host, and per lab site when the lab runs in this process).
    /// </summary>
    public static readonly string[] KestrelTags =
        ["server.port", "network.transport", "network.type", "network.protocol.name", "network.protocol.version", "tls.protocol.version", "error.type"];

    public static IServiceCollection AddTelemetry(this IServiceCollection services)
    {
        services.AddOptions<TelemetryOptions>().BindConfiguration(TelemetryOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<TelemetryOptions>>().Value;
            return new HostSources(o.ProcRoot, o.SysRoot);
        });

        // Meter names are fixed when the service collection is built, because AddMeter needs them then.
        var meters = new TelemetryMeters();
        services.AddSingleton(_ => meters);
        services.AddSingleton<HostMetrics>();
        services.AddSingleton<PipelineMetrics>();
        services.AddSingleton<SampleRecorder>();
        services.AddSingleton<IBackgroundReading, DatabaseStats>();
        services.AddSingleton<HostSpeedGauges>();
        services.AddSingleton<IBackgroundReading>(sp => sp.GetRequiredService<HostSpeedGauges>());
        services.AddSingleton<ForecastGauges>();
        services.AddHostedService<TelemetryRefresher>();

        services.AddOpenTelemetry().WithMetrics(m => m
            .AddMeter([.. meters.Names, .. FrameworkMeters])
            // Npgsql's db.client.connection.count would end in _count, which Prometheus reserves for histograms and summaries.
            .AddView("db.client.connection.count", "db.client.connections")
            .AddView("http.client.*", new MetricStreamConfiguration { TagKeys = HttpClientTags })
            .AddView("kestrel.*", new MetricStreamConfiguration { TagKeys = KestrelTags })
            .AddPrometheusExporter(o =>
            {
                // Every scrape reads the host afresh; node_exporter does not cache either.
                o.ScrapeResponseCacheDurationMilliseconds = 0;
                o.ScopeInfoEnabled = false;
                o.TargetInfoEnabled = false;
            }));
        return services;
    }
}
