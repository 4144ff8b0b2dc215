namespace Appliance.Scrape;

/// <summary>The outcome for one URL: facts from the page, or the reason it failed.</summary>
public sealed record ScrapeResult(string Status, string? FailureReason, int? HttpStatus, string? Detail, string? FinalUrl,
    PageFacts? Facts, long Bytes, bool Truncated, int FetchMs)
{
    public const string Done = "done";
    public const string Failed = "failed";

    /// <summary>The page was labelled UTF-8 but sent in windows-1252, and was decoded as windows-1252 (<see cref="CharsetDecoder"/>).</summary>
    public bool CharsetRepaired { get; init; }

    /// <summary>Roughly what the result costs in memory, for the cache's size limit.</summary>
    public long ApproxBytes => 1024 + 2L * (Chars(Facts?.TextExcerpt) + Chars(Facts?.Title) + Chars(Facts?.Description) + Chars(Detail) + Chars(FinalUrl)
        + (Facts is null ? 0 : Facts.Headings.Concat(Facts.Emails).Concat(Facts.Phones).Concat(Facts.SocialLinks)
            .Concat(Facts.OpenGraph.Keys).Concat(Facts.OpenGraph.Values).Sum(s => s.Length + 16)));

    private static long Chars(string? s) => s?.Length ?? 0;

    public static ScrapeResult From(FetchResult fetch, int fetchMs) =>
        new(Failed, fetch.FailureReason, fetch.HttpStatus, fetch.Detail, fetch.FinalUrl.AbsoluteUri, null, fetch.Bytes, fetch.Truncated, fetchMs);
}
