namespace Appliance.Api;

/// <summary>One group of an upload's leads: how many are in this scrape state, failure reason and generate state.</summary>
public sealed record LeadStateCount(string Scraping, string? Reason, string Generation, long Count);

/// <summary>How many of an upload's leads finished each stage (done or failed) within the recent window.</summary>
public sealed record StageRecent(long Scraped, long Generated);

/// <summary>The generate stage's progress for one upload.</summary>
public sealed record GenerateProgress(long Pending, long Generating, long Done, long Failed, long Held = 0);

/// <summary>
/// What the web page polls for one upload: each stage's counts, each stage's rate over the last minute, an ETA from
/// those rates, and — once a measured run is stored — the capacity model's ETA with its interval (<see cref="ModelEta"/>),
/// which the page prefers.
/// </summary>
public sealed record UploadProgress(
    long Id, string FileName, string State, int RowsAccepted, int RowsRejected, string? Error, ScrapeProgress Scrape, GenerateProgress Generate,
    double ScrapePerMinute, double GeneratePerMinute, double? EtaSeconds, bool Complete)
{
    public string EtaBasis => "each stage's rate over the last minute; the capacity model's ETA appears here once a measured run is stored (start one under Runs)";

    /// <summary>The capacity model's time left, from the newest measured run; null without one, or once complete.</summary>
    public ModelEtaResult? ModelEta { get; init; }

    /// <summary>Builds the progress from the upload's row, its grouped lead counts and what finished recently.</summary>
    /// <param name="windowSeconds">The seconds <paramref name="recent"/> covers: a minute, or less when the upload is younger.</param>
    public static UploadProgress From(UploadStatus upload, IReadOnlyList<LeadStateCount> counts, StageRecent recent, double windowSeconds)
    {
        long Sum(Func<LeadStateCount, bool> where) => counts.Where(where).Sum(c => c.Count);
        var scrape = ScrapeProgress.From(counts.Select(c => (c.Scraping, c.Reason, c.Count)));
        var generate = new GenerateProgress(Sum(c => c.Generation == "pending"), Sum(c => c.Generation == "generating"),
            Sum(c => c.Generation == "done"), Sum(c => c.Generation == "failed"), Sum(c => c.Generation == "held"));
        var window = Math.Max(1, windowSeconds);
        var scrapeRate = recent.Scraped * 60 / window;
        var generateRate = recent.Generated * 60 / window;
        var ingestDone = upload.State is "ingested" or "failed";
        var complete = ingestDone && scrape.Pending + scrape.Fetching == 0 && generate.Pending + generate.Generating == 0;
        var eta = complete ? 0 : Eta(scrape.Pending + scrape.Fetching, scrapeRate, generate.Pending + generate.Generating, generateRate);
        return new UploadProgress(upload.Id, upload.FileName, upload.State, upload.RowsAccepted, upload.RowsRejected, upload.Error,
            scrape, generate, Math.Round(scrapeRate, 1), Math.Round(generateRate, 1), eta is null ? null : Math.Round(eta.Value), complete);
    }

    /// <summary>
    /// Seconds until both stages are through: the later of the two. Generate waits on scrape, so before its first message
    /// it is assumed to keep scrape's pace. Null while the stage that has work left has no rate yet.
    /// </summary>
    public static double? Eta(long scrapeLeft, double scrapePerMinute, long generateLeft, double generatePerMinute)
    {
        var generatePace = generatePerMinute > 0 ? generatePerMinute : scrapePerMinute;
        if ((scrapeLeft > 0 && scrapePerMinute <= 0) || (generateLeft > 0 && generatePace <= 0))
        {
            return null;
        }

        var scrape = scrapeLeft > 0 ? scrapeLeft / scrapePerMinute * 60 : 0;
        var generate = generateLeft > 0 ? generateLeft / generatePace * 60 : 0;
        return Math.Max(scrape, generate);
    }
}
