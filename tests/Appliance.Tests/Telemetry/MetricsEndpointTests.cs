using System.Net;
using System.Net.Http.Headers;
using Appliance.Tests.Support;

namespace Appliance.Tests.Telemetry;

/// <summary>/metrics on the real daemon composition (Program.BuildWebAppAsync) over a test database.</summary>
public class MetricsEndpointTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    private async Task<(ApplianceServer Server, TempDirectory State)> StartAsync(Dictionary<string, string?>? extra = null)
    {
        var state = new TempDirectory();
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = db.ConnectionString,
            ["StateDirectory"] = state.Path,
            ["Urls"] = "http://127.0.0.1:0",
        };
        foreach (var (k, v) in extra ?? [])
        {
            settings[k] = v;
        }

        var server = await Program.BuildWebAppAsync(settings);
        await server.StartAsync();
        return (server, state);
    }

    [Fact]
    public async Task Metrics_AskedForOpenMetrics_ServesPlainTextWithoutCreatedScopeOrTargetInfo()
    {
        var (server, state) = await StartAsync();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri(server.Addresses.First()) };
            await client.GetAsync("/healthz");
            using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
            request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse("application/openmetrics-text; version=1.0.0"));
            using var response = await client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/plain", response.Content.Headers.ContentType!.MediaType);
            Assert.Contains("\nnode_load1", "\n" + text);
            Assert.Contains("appliance_collector_success{collector=\"cpu\"} 1", text);
            Assert.Contains("http_server_request_duration_seconds_bucket", text);
            Assert.DoesNotContain("_created", text);
            Assert.DoesNotContain("otel_scope", text);
            Assert.DoesNotContain("target_info", text);
        }
        finally
        {
            await server.DisposeAsync();
            state.Dispose();
        }
    }

    [Fact]
    public async Task Metrics_WithMetricsUrl_IsServedOnlyOnThatAddress()
    {
        var port = ExternalTool.FreeLoopbackPort();
        var (server, state) = await StartAsync(new() { ["Telemetry:MetricsUrl"] = $"http://127.0.0.1:{port}" });
        try
        {
            var main = server.Addresses.Single(a => !a.EndsWith($":{port}", StringComparison.Ordinal));
            using var client = new HttpClient();
            var onMain = await client.GetAsync(new Uri(new Uri(main), "/metrics"));
            var onMetrics = await client.GetAsync($"http://127.0.0.1:{port}/metrics");

            Assert.Equal(HttpStatusCode.NotFound, onMain.StatusCode);
            Assert.Equal(HttpStatusCode.OK, onMetrics.StatusCode);
            Assert.Contains("node_cpu_seconds_total", await onMetrics.Content.ReadAsStringAsync());
        }
        finally
        {
            await server.DisposeAsync();
            state.Dispose();
        }
    }
}
