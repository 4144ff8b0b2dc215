namespace Appliance.Scrape;

/// <summary>The outcome for one URL: facts from the page, or the reason it failed.</summary>
public sealed record ScrapeResult(string Status, string? FailureReason, int? HttpStatus, string? Detail, string? FinalUrl,
    PageFacts? Facts, long Bytes, bool Truncated, int FetchMs)
{
    public const string Done = "done";
    public const string Failed = "failed";

    /// <summary>Roughly what the result costs in memory, for the cache's size limit.</summary>
    public long ApproxBytes => 512 + 2L * ((Facts?.TextExcerpt.Length ?? 0) + (Facts?.Title?.Length ?? 0) + (Facts?.Description?.Length ?? 0)
        + (Facts?.Headings.Sum(h => h.Length) ?? 0) + (Detail?.Length ?? 0));

    public static ScrapeResult From(FetchResult fetch, int fetchMs) =>
        new(Failed, fetch.FailureReason, fetch.HttpStatus, fetch.Detail, fetch.FinalUrl.AbsoluteUri, null, fetch.Bytes, fetch.Truncated, fetchMs);
}
