using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Appliance.Security;
using Appliance.Tests.Support;

namespace Appliance.Tests.Security;

/// <summary>The real daemon with one API key configured (as its hash), over loopback HTTP.</summary>
public sealed class AuthTests(AuthTests.Server server) : IClassFixture<AuthTests.Server>
{
    public sealed class Server : IAsyncLifetime
    {
        public string Key { get; } = ApiKeys.NewKey();

        private readonly DatabaseFixture _db = new();
        private readonly TempDirectory _state = new();
        private ApplianceServer _server = null!;

        public HttpClient Client { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            await _db.InitializeAsync();
            _server = await Program.BuildWebAppAsync(new Dictionary<string, string?>
            {
                ["ConnectionStrings:Postgres"] = _db.ConnectionString,
                ["StateDirectory"] = _state.Path,
                ["Urls"] = "http://127.0.0.1:0",
                ["Api:KeyHashes:0"] = ApiKeys.Hash("an-old-key"),
                ["Api:KeyHashes:1"] = ApiKeys.Hash(Key),
                ["Api:UploadsPerMinute"] = "2",
            });
            await _server.StartAsync();
            Client = new HttpClient { BaseAddress = new Uri(_server.Addresses.Single()) };
        }

        public async Task DisposeAsync()
        {
            Client.Dispose();
            await _server.DisposeAsync();
            await _db.DisposeAsync();
            _state.Dispose();
        }
    }

    private Task<HttpResponseMessage> GetAsync(string path, string? authorization = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        return server.Client.SendAsync(request);
    }

    [Theory]
    [InlineData("/api/uploads/1")]
    [InlineData("/api/uploads/1/export.csv")]
    [InlineData("/hangfire")]
    [InlineData("/no-such-path")]
    public async Task WithoutAKey_EverythingIs401(string path)
    {
        var response = await GetAsync(path);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.NotEmpty(response.Headers.WwwAuthenticate);
    }

    [Fact]
    public async Task AWrongKey_Is401_TheRightOneIsLetThrough()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync("/api/uploads/1", "Bearer nope")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync("/api/uploads/1", $"Bearer {server.Key}x")).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync("/api/uploads/999999", $"Bearer {server.Key}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync("/api/uploads/999999", "Bearer an-old-key")).StatusCode);
    }

    [Fact]
    public async Task HealthzAndMetrics_AreOpen()
    {
        Assert.Equal(HttpStatusCode.OK, (await GetAsync("/healthz")).StatusCode);
        var metrics = await GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        Assert.Contains("node_load1", await metrics.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Dashboard_AsksABrowserForBasicCredentials_AndOpensWithTheKeyAsPassword()
    {
        var refused = await GetAsync("/hangfire");
        Assert.Equal("Basic", refused.Headers.WwwAuthenticate.Single().Scheme);

        var basic = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"admin:{server.Key}"));
        var page = await GetAsync("/hangfire", basic);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Hangfire", await page.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await GetAsync("/hangfire", $"Bearer {server.Key}")).StatusCode);
    }

    [Fact]
    public async Task BasicCredentials_AreAcceptedUnderHangfireOnly()
    {
        // A browser replays cached Basic credentials on any request another site's page makes to this origin.
        var basic = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"admin:{server.Key}"));

        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync("/api/uploads/999999", basic)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync("/api/uploads/1/export.csv", basic)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync("/hangfire", basic)).StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("http://attacker.example")]
    public async Task DashboardPostsWithoutAnAntiforgeryToken_DeleteNothing(string? origin)
    {
        var basic = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"admin:{server.Key}"));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/hangfire/jobs/enqueued/delete")
        {
            Content = new FormUrlEncodedContent([new("jobs[]", "1")]),
        };
        request.Headers.TryAddWithoutValidation("Authorization", basic);
        if (origin is not null)
        {
            request.Headers.TryAddWithoutValidation("Origin", origin);
        }

        var response = await server.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task ACrossSitePost_IsRefusedEvenWithTheKey()
    {
        using var form = new MultipartFormDataContent { { new ByteArrayContent("website\na.com\n"u8.ToArray()), "file", "leads.csv" } };
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/uploads") { Content = form };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", server.Key);
        request.Headers.TryAddWithoutValidation("Sec-Fetch-Site", "cross-site");

        Assert.Equal(HttpStatusCode.Forbidden, (await server.Client.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task WithAKey_AnyHostNameIsServed()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/uploads/999999");
        request.Headers.Host = "appliance.example";
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", server.Key);

        Assert.Equal(HttpStatusCode.NotFound, (await server.Client.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task Uploads_AreRateLimitedPerClient_With429AndRetryAfter()
    {
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 3; i++)
        {
            using var form = new MultipartFormDataContent { { new ByteArrayContent("website\na.com\n"u8.ToArray()), "file", "leads.csv" } };
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/uploads") { Content = form };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", server.Key);
            last = await server.Client.SendAsync(request);
            statuses.Add(last.StatusCode);
        }

        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.TooManyRequests], statuses);
        Assert.NotNull(last!.Headers.RetryAfter);
    }
}
