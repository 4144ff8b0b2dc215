using Appliance.Scrape;
using Appliance.Telemetry;
using Microsoft.Extensions.Options;

namespace Appliance.Pipeline;

/// <summary>
/// The scrape stage as a chunk: claimed rows grouped by normalised URL, each distinct URL scraped once
/// (<see cref="PageScraper"/>) for all the rows that name it, results written by <see cref="LeadStates"/>.
/// </summary>
public sealed class ScrapeChunks(LeadStates states, PageScraper scraper, ScrapeLimiter limiter, IOptions<ScrapeOptions> options, PipelineMetrics metrics)
    : ChunkStage<string, ScrapeResult>
{
    public override string Name => PipelineMetrics.Scrape;

    public override InFlightLimiter Limiter => limiter;

    public override int Parallelism => options.Value.Concurrency;

    public override async Task<IReadOnlyList<ClaimedItem<string>>> ClaimAsync(long uploadId, IdRange range, string owner, CancellationToken ct)
    {
        var rows = await states.ClaimScrapeAsync(uploadId, range, owner, ct);
        return [.. rows.GroupBy(r => r.NormalizedUrl, StringComparer.Ordinal)
            .Select(g => new ClaimedItem<string>(g.Key, [.. g.Select(r => r.Id)], g.Max(r => r.Attempts)))];
    }

    public override Task<ScrapeResult> WorkAsync(string url, CancellationToken ct) => scraper.ScrapeAsync(url, ct);

    public override ScrapeResult Failure(string url, string reason, string? detail)
    {
        // A result that could not be stored must not be served to the next lead naming the same URL.
        scraper.Forget(url);
        return new ScrapeResult(ScrapeResult.Failed, reason, null, detail, null, null, 0, false, 0);
    }

    public override string Outcome(ScrapeResult result) => result.FailureReason ?? result.Status;

    public override bool Succeeded(ScrapeResult result) => result.Status == ScrapeResult.Done;

    public override Task WriteAsync(long uploadId, IReadOnlyList<Finished<string, ScrapeResult>> batch, CancellationToken ct) =>
        states.WriteScrapedAsync([.. batch.Select(b => (b.Id, b.Result))], ct);

    public override Task ReleaseAsync(IReadOnlyCollection<long> ids, string owner, bool giveBackAttempt) =>
        states.ReleaseScrapeAsync(ids, owner, giveBackAttempt);

    public override void Record(ScrapeResult result) => metrics.BytesFetched(result.Bytes);
}
