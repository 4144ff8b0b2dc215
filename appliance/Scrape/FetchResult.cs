namespace Appliance.Scrape;

/// <summary>
/// What one fetch produced: the page's bytes, or the reason it could not. The bytes live in a buffer
/// rented from the fetcher's body pool and stay undecoded until someone needs the text, so a
/// page waiting for a parse slot costs its size once, not twice as a string; <see cref="ReleaseBody"/>
/// hands the buffer back.
/// </summary>
public sealed record FetchResult(
    string? FailureReason,
    int? HttpStatus,
    Uri FinalUrl,
    long Bytes,
    bool Truncated,
    string? Detail = null,
    TimeSpan? RetryAfter = null)
{
    private byte[]? _body;
    private int _length;

    public bool Ok => FailureReason is null;

    /// <summary>The charset the Content-Type header declared, if any.</summary>
    public string? HeaderCharset { get; init; }

    public static FetchResult Failed(string reason, Uri url, string detail, int? status = null, TimeSpan? retryAfter = null) =>
        new(reason, status, url, 0, false, detail, retryAfter);

    public static FetchResult Page(int status, Uri url, byte[] rented, int length, bool truncated, string? headerCharset) =>
        new(null, status, url, length, truncated) { HeaderCharset = headerCharset, _body = rented, _length = length };

    /// <summary>The body decoded as a browser would (BOM, header charset, meta, UTF-8).</summary>
    public string DecodeHtml() => _body is null ? "" : CharsetDecoder.Decode(_body.AsSpan(0, _length), HeaderCharset);

    public void ReleaseBody()
    {
        var body = Interlocked.Exchange(ref _body, null);
        if (body is not null)
        {
            PageFetcher.BodyPool.Return(body);
        }
    }
}
