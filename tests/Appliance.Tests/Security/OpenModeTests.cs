using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Appliance.Lab;
using Appliance.Tests.Support;
using Appliance.Tests.Telemetry;

namespace Appliance.Tests.Security;

/// <summary>
/// The real daemon with no API key (open mode) on loopback, /metrics on its own listener, scraping the lab: the attacks
/// an open daemon invites (another interface, DNS rebinding, cross-site POSTs, the metrics port as a side door, the
/// lead list on /metrics) each tried and refused.
/// </summary>
public sealed class OpenModeTests(OpenModeTests.Server server) : IClassFixture<OpenModeTests.Server>
{
    public sealed class Server : IAsyncLifetime
    {
        private readonly DatabaseFixture _db = new();
        private readonly TempDirectory _state = new();
        private ApplianceServer _server = null!;

        public const string PoolMarker = "open-mode-daemon";

        public LabServer Lab { get; private set; } = null!;

        public HttpClient Client { get; private set; } = null!;

        public int MetricsPort { get; } = ExternalTool.FreeLoopbackPort();

        public string MainAuthority => Client.BaseAddress!.Authority;

        public async Task InitializeAsync()
        {
            await _db.InitializeAsync();
            Lab = await LabServer.StartAsync(new LabOptions { Port = 0, LatencyMedianMs = 0 });
            _server = await Program.BuildWebAppAsync(new Dictionary<string, string?>
            {
                // Marked, so a pool named by its connection string would show on /metrics.
                ["ConnectionStrings:Postgres"] = _db.ConnectionString + ";Application Name=" + PoolMarker,
                ["StateDirectory"] = _state.Path,
                ["Urls"] = "http://127.0.0.1:0",
                ["Telemetry:MetricsUrl"] = $"http://127.0.0.1:{MetricsPort}",
                ["Scrape:AllowedNetworks:0"] = $"127.0.0.0/8:{Lab.Port}",
                ["Scrape:RequestTimeoutMs"] = "3000",
                ["Generate:Generator"] = "template",
                ["Logging:LogLevel:Default"] = "Warning",
            });
            await _server.StartAsync();
            Client = new HttpClient { BaseAddress = new Uri(_server.Addresses.Single(a => !a.EndsWith($":{MetricsPort}", StringComparison.Ordinal))) };
        }

        public async Task DisposeAsync()
        {
            Client.Dispose();
            await _server.DisposeAsync();
            await Lab.DisposeAsync();
            await _db.DisposeAsync();
            _state.Dispose();
        }
    }

    private static MultipartFormDataContent Leads(string csv) => new() { { new ByteArrayContent(Encoding.UTF8.GetBytes(csv)), "file", "leads.csv" } };

    private async Task<int> UploadCountAsync() =>
        (await server.Client.GetFromJsonAsync<JsonElement[]>("/api/uploads?limit=1000"))!.Length;

    [Theory]
    [InlineData("attacker.example")]
    [InlineData("attacker.example:8000")]
    [InlineData("127.0.0.1.nip.io")]
    [InlineData("localhost.attacker.example")]
    public async Task ARebindingHostName_IsRefused(string host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/uploads/1/export.csv");
        request.Headers.Host = host;

        var response = await server.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.MisdirectedRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("127.0.0.1")]
    [InlineData("[::1]:8000")]
    public async Task LocalHostNames_AreServed(string host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/uploads/999999");
        request.Headers.Host = host;

        var response = await server.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("Origin", "http://attacker.example")]
    [InlineData("Origin", "null")]
    [InlineData("Sec-Fetch-Site", "cross-site")]
    [InlineData("Sec-Fetch-Site", "same-site")]
    public async Task CrossSitePosts_StartNothing(string header, string value)
    {
        var before = await UploadCountAsync();
        using var upload = new HttpRequestMessage(HttpMethod.Post, "/api/uploads") { Content = Leads("website\nhttp://127.0.0.1:9/\n") };
        upload.Headers.TryAddWithoutValidation(header, value);
        using var run = new HttpRequestMessage(HttpMethod.Post, "/api/runs") { Content = Leads("website\nhttp://127.0.0.1:9/\n") };
        run.Headers.TryAddWithoutValidation(header, value);

        var uploaded = await server.Client.SendAsync(upload);
        var started = await server.Client.SendAsync(run);

        Assert.Equal(HttpStatusCode.Forbidden, uploaded.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, started.StatusCode);
        Assert.Equal(before, await UploadCountAsync());
        Assert.Empty((await server.Client.GetFromJsonAsync<JsonElement[]>("/api/runs"))!);
    }

    [Fact]
    public async Task TheAppliancesOwnPage_MayPost()
    {
        using var upload = new HttpRequestMessage(HttpMethod.Post, "/api/uploads") { Content = Leads("website\nhttp://127.0.0.1:9/\n") };
        upload.Headers.TryAddWithoutValidation("Origin", $"http://{server.MainAuthority}");
        upload.Headers.TryAddWithoutValidation("Sec-Fetch-Site", "same-origin");

        var response = await server.Client.SendAsync(upload);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Theory]
    [InlineData("/api/leads/1")]
    [InlineData("/api/uploads")]
    [InlineData("/hangfire")]
    [InlineData("/")]
    [InlineData("/healthz")]
    public async Task TheMetricsListener_ServesMetricsOnly(string path)
    {
        using var client = new HttpClient();

        var other = await client.GetAsync($"http://127.0.0.1:{server.MetricsPort}{path}");
        var metrics = await client.GetAsync($"http://127.0.0.1:{server.MetricsPort}/metrics");

        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
    }

    [Fact]
    public async Task EveryResponse_RefusesToBeFramed()
    {
        var page = await server.Client.GetAsync("/");
        var dashboard = await server.Client.GetAsync("/hangfire");

        Assert.Equal("DENY", page.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("DENY", dashboard.Headers.GetValues("X-Frame-Options").Single());
        Assert.Contains("frame-ancestors 'none'", dashboard.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public async Task Metrics_AfterScrapingLeads_NameNoLeadHostAndNoPoolConnectionString()
    {
        var sites = Enumerable.Range(100, 12).Select(i => server.Lab.SiteUrl(i)).ToList();
        var csv = "website,company\n" + string.Concat(sites.Select((u, i) => $"{u},Company {i}\n"));
        var accepted = await server.Client.PostAsync("/api/uploads", Leads(csv));
        var id = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("upload_id").GetInt64();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!(await server.Client.GetFromJsonAsync<JsonElement>($"/api/uploads/{id}/progress")).GetProperty("complete").GetBoolean())
        {
            Assert.True(DateTime.UtcNow < deadline, "the upload did not finish in 60 s");
            await Task.Delay(200);
        }

        using var client = new HttpClient();
        var text = await client.GetStringAsync($"http://127.0.0.1:{server.MetricsPort}/metrics");

        Assert.Contains("http_client_request_duration_seconds_bucket", text);
        foreach (var site in sites)
        {
            Assert.DoesNotContain(site.Host, text);
        }

        Assert.DoesNotContain("127.16.", text);
        Assert.DoesNotContain("server_address", text.Split('\n').Where(l => l.StartsWith("http_client", StringComparison.Ordinal)).Aggregate("", string.Concat));
        Assert.DoesNotContain("network_peer_address", text);
        // The daemon's pool by its name; this test process's own fixture pools (unnamed) may show beside it.
        Assert.Contains("db_client_connection_pool_name=\"appliance\"", text);
        Assert.DoesNotContain(Server.PoolMarker, text);
    }
}
