namespace Appliance.Scrape;

/// <summary>What one fetch produced: a decoded HTML page, or the reason it could not.</summary>
public sealed record FetchResult(
    string? FailureReason,
    int? HttpStatus,
    Uri FinalUrl,
    string? Html,
    long Bytes,
    bool Truncated,
    string? Detail = null,
    TimeSpan? RetryAfter = null)
{
    public bool Ok => FailureReason is null;

    public static FetchResult Failed(string reason, Uri url, string detail, int? status = null, TimeSpan? retryAfter = null) =>
        new(reason, status, url, null, 0, false, detail, retryAfter);
}
