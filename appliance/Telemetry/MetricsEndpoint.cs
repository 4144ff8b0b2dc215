using Microsoft.Extensions.Options;

namespace Appliance.Telemetry;

/// <summary>
/// <c>GET /metrics</c> in the Prometheus text format, on the main port or only on
/// <c>Telemetry:MetricsUrl</c>. Always the plain text format: asked for OpenMetrics (as Prometheus
/// asks), the exporter would add a <c>_created</c> series per counter that node_exporter does not have.
/// Each scrape reads the host once, just before the exporter collects.
/// </summary>
public static class MetricsEndpoint
{
    public const string Path = "/metrics";

    public static WebApplication MapMetrics(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<TelemetryOptions>>().Value;
        if (string.IsNullOrWhiteSpace(options.MetricsUrl))
        {
            app.MapPrometheusScrapingEndpoint(Path, meterProvider: null, configureBranchedPipeline: PlainText, optionsName: null);
            return app;
        }

        var port = new Uri(options.MetricsUrl).Port;
        AddListenAddress(app, options.MetricsUrl);
        app.UseOpenTelemetryPrometheusScrapingEndpoint(meterProvider: null,
            predicate: ctx => ctx.Connection.LocalPort == port && ctx.Request.Path == Path,
            path: null, configureBranchedPipeline: PlainText, optionsName: null);
        return app;
    }

    private static void PlainText(IApplicationBuilder branch) => branch.Use((ctx, next) =>
    {
        ctx.Request.Headers.Accept = "text/plain; version=0.0.4";

        // One fresh collection per scrape, read by every host instrument's callback in it.
        ctx.RequestServices.GetRequiredService<HostMetrics>().Collect();
        return next(ctx);
    });

    /// <summary>
    /// Adds the metrics address to Kestrel's. Once any address is set in code the configured
    /// <c>Urls</c> are ignored, so those are carried over first.
    /// </summary>
    private static void AddListenAddress(WebApplication app, string url)
    {
        if (app.Urls.Count == 0 && app.Configuration["Urls"] is { Length: > 0 } configured)
        {
            foreach (var u in configured.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                app.Urls.Add(u);
            }
        }

        app.Urls.Add(url);
    }
}
