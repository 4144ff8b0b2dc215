using Appliance.Scrape;
using Appliance.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Appliance.Tests.Scrape;

public sealed class PageScraperTests : IAsyncLifetime
{
    private TestWebServer _server = null!;
    private int _pageRequests;
    private int _robotsRequests;

    public async Task InitializeAsync() => _server = await TestWebServer.StartAsync(app =>
    {
        app.MapGet("/robots.txt", (HttpContext http) =>
        {
            Interlocked.Increment(ref _robotsRequests);
            return TestWebServer.Html(http, "User-agent: *\nDisallow: /secret\n", "text/plain");
        });
        app.MapGet("/", async (HttpContext http) =>
        {
            Interlocked.Increment(ref _pageRequests);
            await Task.Delay(100);
            await TestWebServer.Html(http, "<title>Home</title><p>hello@home.example</p>");
        });
        app.MapGet("/secret", http => TestWebServer.Html(http, "<title>Secret</title>"));
    });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private PageScraper Scraper()
    {
        var options = Options.Create(new ScrapeOptions { AllowedNetworks = ["127.0.0.0/8"], RequestTimeoutMs = 2000 });
        var fetcher = new PageFetcher(options);
        return new PageScraper(fetcher, new RobotsCache(fetcher, options), options, TimeProvider.System);
    }

    [Fact]
    public async Task ConcurrentLeadsOnOneUrl_ShareOneFetch_AndRepeatsComeFromTheCache()
    {
        using var scraper = Scraper();
        var url = _server.Url("/").AbsoluteUri;

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => scraper.ScrapeAsync(url, CancellationToken.None)));
        var again = await scraper.ScrapeAsync(url, CancellationToken.None);

        Assert.All(results, r => Assert.Equal(["hello@home.example"], r.Facts!.Emails));
        Assert.Same(results[0], again);
        Assert.Equal(1, _pageRequests);
        Assert.Equal(1, _robotsRequests);
    }

    [Fact]
    public async Task RobotsDisallow_FailsTheLeadWithoutFetchingThePage()
    {
        using var scraper = Scraper();
        var result = await scraper.ScrapeAsync(_server.Url("/secret").AbsoluteUri, CancellationToken.None);

        Assert.Equal(ScrapeResult.Failed, result.Status);
        Assert.Equal(FailureReason.Robots, result.FailureReason);
    }
}
