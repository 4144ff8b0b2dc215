using Appliance.Ingest;
using Appliance.Pipeline;
using Appliance.Scrape;
using Appliance.Tests.Support;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Appliance.Tests.Pipeline;

/// <summary>A chunk end to end: rows ingested into the real PostgreSQL, scraped from a loopback server, results written back.</summary>
public sealed class ScrapeChunkRunnerTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private readonly List<PageScraper> _scrapers = [];
    private TestWebServer _server = null!;
    private int _homeRequests;

    public async Task InitializeAsync() => _server = await TestWebServer.StartAsync(app =>
    {
        app.MapGet("/", (HttpContext http) =>
        {
            Interlocked.Increment(ref _homeRequests);
            return TestWebServer.Html(http, "<html lang=en><title>Acme</title><meta name=description content='Widgets'><p>sales@acme.example</p><p>+1 555 123 4567</p>");
        });
        app.MapGet("/gone", http => { http.Response.StatusCode = 410; return Task.CompletedTask; });
    });

    public async Task DisposeAsync()
    {
        _scrapers.ForEach(s => s.Dispose());
        await _server.DisposeAsync();
    }

    private async Task<long> IngestAsync(params string[] urls)
    {
        using var dir = new TempDirectory();
        var path = dir.Write("leads.csv", "website,company\n" + string.Concat(urls.Select((u, i) => $"{u},Company {i}\n")));
        var ingestor = new UploadIngestor(db.DataSource, Options.Create(new IngestOptions()), NullLogger<UploadIngestor>.Instance);
        var id = await ingestor.RegisterAsync("leads.csv", 1, path);
        await ingestor.IngestAsync(id, path);
        return id;
    }

    private (ChunkRunner<string, ScrapeResult> Runner, LeadStates Store) Runner()
    {
        var options = Options.Create(new ScrapeOptions { AllowedNetworks = ["127.0.0.0/8"], RequestTimeoutMs = 2000, ChunkSize = 3 });
        var fetcher = new PageFetcher(options);
        var scraper = new PageScraper(fetcher, new RobotsCache(fetcher, options), options, TimeProvider.System);
        _scrapers.Add(scraper);
        return (PipelineParts.ScrapeRunner(db.DataSource, scraper, options), PipelineParts.States(db.DataSource));
    }

    [Fact]
    public async Task EveryRowEndsDoneOrFailed_WithFactsOrReason_AndDuplicatesAreFetchedOnce()
    {
        var home = _server.Url("/").AbsoluteUri;
        var id = await IngestAsync(home, home, _server.Url("/gone").AbsoluteUri, home, "http://127.0.0.1:9/");
        var (runner, store) = Runner();

        var ranges = await store.PendingScrapeAsync(id, 3, CancellationToken.None);
        foreach (var range in ranges)
        {
            await runner.RunAsync(id, range, "test", CancellationToken.None);
        }

        await using var conn = await db.DataSource.OpenConnectionAsync();
        var rows = (await conn.QueryAsync<(int Row, string Status, string? Reason, short? Http, string? Title, string[]? Emails, string[]? Phones)>(
            "SELECT row_number, scraping_status, failure_reason, http_status, title, emails, phones FROM websites WHERE file_upload_id = @id ORDER BY row_number",
            new { id })).ToList();
        Assert.Equal(2, ranges.Count);
        Assert.Equal(["done", "done", "failed", "done", "failed"], rows.Select(r => r.Status));
        Assert.Equal([null, null, "http_4xx", null, "connect"], rows.Select(r => r.Reason));
        Assert.Equal((short)410, rows[2].Http);
        Assert.Equal("Acme", rows[0].Title);
        Assert.Equal(["sales@acme.example"], rows[3].Emails!);
        Assert.Equal(["+15551234567"], rows[0].Phones!);
        Assert.Equal(1, _homeRequests);
    }

    [Fact]
    public async Task CancelledChunk_HandsItsRowsBackToPending()
    {
        var id = await IngestAsync(_server.Url("/").AbsoluteUri, _server.Url("/").AbsoluteUri + "?b");
        var (runner, store) = Runner();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        var range = (await store.PendingScrapeAsync(id, 10, CancellationToken.None)).Single();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => runner.RunAsync(id, range, "test", cancelled.Token));

        await using var conn = await db.DataSource.OpenConnectionAsync();
        var states = await conn.QueryAsync<string>("SELECT scraping_status FROM websites WHERE file_upload_id = @id", new { id });
        Assert.All(states, s => Assert.Equal("pending", s));
    }
}
