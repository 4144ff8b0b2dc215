using System.IO.Compression;
using System.Text;
using Appliance.Scrape;
using Appliance.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Appliance.Tests.Scrape;

/// <summary>The fetcher against a real loopback server that misbehaves in every way the web does.</summary>
public sealed class PageFetcherTests : IAsyncLifetime
{
    private static readonly Lazy<byte[]> Bomb = new(() =>
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var zeros = new byte[1 << 20];
            for (var i = 0; i < 64; i++)
            {
                gzip.Write(zeros);
            }
        }

        return buffer.ToArray();
    });

    private TestWebServer _server = null!;

    public async Task InitializeAsync() => _server = await TestWebServer.StartAsync(app =>
    {
        app.MapGet("/ok", http => TestWebServer.Html(http, "<title>Fine</title>"));
        app.MapGet("/missing", http => { http.Response.StatusCode = 404; return Task.CompletedTask; });
        app.MapGet("/broken", http => { http.Response.StatusCode = 500; return Task.CompletedTask; });
        app.MapGet("/hop/{n:int}", (int n) => n == 0 ? Results.Redirect("/ok") : Results.Redirect($"/hop/{n - 1}"));
        app.MapGet("/loop-a", () => Results.Redirect("/loop-b"));
        app.MapGet("/loop-b", () => Results.Redirect("/loop-a"));
        app.MapGet("/hang", async (HttpContext http) => await Task.Delay(Timeout.Infinite, http.RequestAborted));
        app.MapGet("/drip", async (HttpContext http) =>
        {
            http.Response.ContentType = "text/html";
            while (!http.RequestAborted.IsCancellationRequested)
            {
                await http.Response.WriteAsync("<", http.RequestAborted);
                await http.Response.Body.FlushAsync(http.RequestAborted);
                await Task.Delay(50, http.RequestAborted);
            }
        });
        app.MapGet("/pdf", http => TestWebServer.Html(http, "%PDF-1.4", "application/pdf"));
        app.MapGet("/huge", async (HttpContext http) =>
        {
            http.Response.ContentType = "text/html";
            await http.Response.WriteAsync("<title>Huge</title><p>contact huge@site.example</p>");
            var filler = Encoding.ASCII.GetBytes(new string('x', 1 << 16));
            for (var i = 0; i < 80 && !http.RequestAborted.IsCancellationRequested; i++)
            {
                await http.Response.Body.WriteAsync(filler, http.RequestAborted);
            }
        });
        app.MapGet("/bomb", async (HttpContext http) =>
        {
            http.Response.ContentType = "text/html";
            http.Response.Headers.ContentEncoding = "gzip";
            await http.Response.Body.WriteAsync(Bomb.Value, http.RequestAborted);
        });
        app.MapGet("/reset", http => { http.Abort(); return Task.CompletedTask; });
        app.MapGet("/steady", async (HttpContext http) =>
        {
            // 1 KiB every 50 ms for a second: ~20 KiB/s, far above any minimum rate, and slower than one write.
            http.Response.ContentType = "text/html";
            await http.Response.WriteAsync("<title>Steady</title>", http.RequestAborted);
            for (var i = 0; i < 20; i++)
            {
                await http.Response.WriteAsync(new string('x', 1024), http.RequestAborted);
                await http.Response.Body.FlushAsync(http.RequestAborted);
                await Task.Delay(50, http.RequestAborted);
            }
        });
        app.MapGet("/connection", http => TestWebServer.Html(http, $"<title>{http.Connection.Id}</title>"));
    });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    // Short enough that hang and drip tests end quickly, long enough for ten redirects on a busy machine.
    private static PageFetcher Fetcher(bool allowPrivate = true, int timeoutMs = 5000, double minBodyBytesPerSecond = 240, int slowBodyGraceMs = 5000)
    {
        var options = Options.Create(new ScrapeOptions
        {
            AllowedNetworks = allowPrivate ? ["127.0.0.0/8"] : [],
            RequestTimeoutMs = timeoutMs,
            MaxBodyBytes = 1 << 20,
            MinBodyBytesPerSecond = minBodyBytesPerSecond,
            SlowBodyGraceMs = slowBodyGraceMs,
        });
        return new PageFetcher(options, new DnsResolver(options));
    }

    [Fact]
    public async Task ADrippingBody_FailsAsATimeoutOnceTheGraceEnds_LongBeforeTheRequestTimeout()
    {
        using var fetcher = Fetcher(timeoutMs: 60_000, slowBodyGraceMs: 300);

        var result = await fetcher.FetchAsync(_server.Url("/drip"), CancellationToken.None);

        Assert.Equal(FailureReason.Timeout, result.FailureReason);
        Assert.Equal(200, result.HttpStatus);
        Assert.StartsWith("body too slow:", result.Detail);
    }

    [Fact]
    public async Task ABodySlowerThanOneWriteButAboveTheMinimumRate_IsRead()
    {
        using var fetcher = Fetcher(slowBodyGraceMs: 100);

        var result = await fetcher.FetchAsync(_server.Url("/steady"), CancellationToken.None);

        Assert.True(result.Ok, result.Detail);
        Assert.True(result.Bytes > 20 * 1024);
        result.ReleaseBody();
    }

    [Fact]
    public async Task WithoutAMinimumRate_ADripIsCutByTheRequestTimeoutAlone()
    {
        using var fetcher = Fetcher(timeoutMs: 700, minBodyBytesPerSecond: 0, slowBodyGraceMs: 0);

        var result = await fetcher.FetchAsync(_server.Url("/drip"), CancellationToken.None);

        Assert.Equal(FailureReason.Timeout, result.FailureReason);
        Assert.StartsWith("no complete answer within 700 ms", result.Detail);
    }

    [Fact]
    public async Task RobotsTxtKeepsItsConnectionForThePage_ThePageClosesIt()
    {
        using var fetcher = Fetcher();
        async Task<string> ConnectionOf(bool keepAlive)
        {
            var result = await fetcher.FetchAsync(_server.Url("/connection"), CancellationToken.None, keepAlive: keepAlive);
            Assert.True(result.Ok, result.Detail);
            using var text = result.DecodeHtml();
            result.ReleaseBody();
            return text.Span.ToString();
        }

        var robots = await ConnectionOf(keepAlive: true);
        var page = await ConnectionOf(keepAlive: false);
        var next = await ConnectionOf(keepAlive: false);

        Assert.Equal(robots, page);
        Assert.NotEqual(page, next);
    }

    [Theory]
    [InlineData("/missing", FailureReason.Http4xx, 404)]
    [InlineData("/broken", FailureReason.Http5xx, 500)]
    [InlineData("/loop-a", FailureReason.RedirectLoop, null)]
    [InlineData("/hop/9", FailureReason.RedirectLoop, null)]
    [InlineData("/hang", FailureReason.Timeout, null)]
    [InlineData("/drip", FailureReason.Timeout, null)]
    [InlineData("/pdf", FailureReason.NotHtml, 200)]
    [InlineData("/bomb", FailureReason.TooLarge, 200)]
    [InlineData("/reset", FailureReason.Reset, null)]
    public async Task HostileAnswers_FailWithTheirReason(string path, string reason, int? status)
    {
        using var fetcher = Fetcher(timeoutMs: reason == FailureReason.Timeout ? 700 : 5000);

        var result = await fetcher.FetchAsync(_server.Url(path), CancellationToken.None);

        Assert.Equal(reason, result.FailureReason);
        Assert.Equal(status, result.HttpStatus);
    }

    [Fact]
    public async Task RedirectChain_IsFollowedToThePage()
    {
        using var fetcher = Fetcher();

        var result = await fetcher.FetchAsync(_server.Url("/hop/3"), CancellationToken.None);

        Assert.True(result.Ok, result.Detail);
        Assert.Equal(_server.Url("/ok"), result.FinalUrl);
        using var html = result.DecodeHtml();
        Assert.Contains("Fine", html.ToString());
    }

    [Fact]
    public async Task HugePage_IsReadUpToTheCap_AndKeptAsTruncated()
    {
        using var fetcher = Fetcher();

        var result = await fetcher.FetchAsync(_server.Url("/huge"), CancellationToken.None);

        Assert.True(result.Ok, result.Detail);
        Assert.True(result.Truncated);
        Assert.Equal(1 << 20, result.Bytes);
        using var html = result.DecodeHtml();
        Assert.StartsWith("<title>Huge</title>", html.ToString());
    }

    [Fact]
    public async Task Loopback_IsRefusedByDefault()
    {
        using var fetcher = Fetcher(allowPrivate: false);

        var result = await fetcher.FetchAsync(_server.Url("/ok"), CancellationToken.None);

        Assert.Equal(FailureReason.BlockedAddress, result.FailureReason);
    }

    [Theory]
    [InlineData("::127.0.0.1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("64:ff9b::7f00:1")]
    [InlineData("2002:7f00:1::1")]
    public async Task LoopbackWrappedInIPv6_IsRefusedBeforeAnyConnection(string literal)
    {
        using var fetcher = Fetcher(allowPrivate: false);

        var result = await fetcher.FetchAsync(new Uri($"http://[{literal}]:{_server.BaseUrl.Port}/ok"), CancellationToken.None);

        Assert.Equal(FailureReason.BlockedAddress, result.FailureReason);
    }

    [Fact]
    public async Task AnAllowedNetwork_OpensOnlyItsPort()
    {
        using var otherPort = Fetcher(new ScrapeOptions { AllowedNetworks = [$"127.0.0.0/8:{_server.BaseUrl.Port + 1}"] });
        using var itsPort = Fetcher(new ScrapeOptions { AllowedNetworks = [$"127.0.0.0/8:{_server.BaseUrl.Port}"] });

        var refused = await otherPort.FetchAsync(_server.Url("/ok"), CancellationToken.None);
        var fetched = await itsPort.FetchAsync(_server.Url("/ok"), CancellationToken.None);

        Assert.Equal(FailureReason.BlockedAddress, refused.FailureReason);
        Assert.Contains("Scrape:AllowedNetworks", refused.Detail);
        Assert.True(fetched.Ok, fetched.Detail);
    }

    [Fact]
    public async Task ClosedPort_IsAConnectFailure()
    {
        using var fetcher = Fetcher();

        var result = await fetcher.FetchAsync(new Uri("http://127.0.0.1:9/"), CancellationToken.None);

        Assert.Equal(FailureReason.Connect, result.FailureReason);
    }

    private static PageFetcher Fetcher(ScrapeOptions settings)
    {
        var options = Options.Create(settings);
        return new PageFetcher(options, new DnsResolver(options));
    }
}
