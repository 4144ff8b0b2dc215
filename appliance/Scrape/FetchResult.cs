namespace Appliance.Scrape;

/// <summary>
/// What one fetch produced: the page's bytes, or the reason it could not. The bytes stay in pooled
/// segments (<see cref="PageBody"/>), undecoded until someone needs the text, so a page waiting for a
/// parse slot costs its size once, not twice as a string; <see cref="ReleaseBody"/> hands them back.
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
    private PageBody? _body;

    public bool Ok => FailureReason is null;

    /// <summary>The charset the Content-Type header declared, if any.</summary>
    public string? HeaderCharset { get; init; }

    public static FetchResult Failed(string reason, Uri url, string detail, int? status = null, TimeSpan? retryAfter = null) =>
        new(reason, status, url, 0, false, detail, retryAfter);

    public static FetchResult Page(int status, Uri url, PageBody body, string? headerCharset) =>
        new(null, status, url, body.Length, body.Truncated) { HeaderCharset = headerCharset, _body = body };

    /// <summary>The body decoded as a browser would (BOM, header charset, meta, UTF-8), in a pooled array the caller disposes.</summary>
    public RentedText DecodeHtml() => DecodeHtml(out _);

    /// <summary>
    /// As <see cref="DecodeHtml()"/>, except that a body labelled UTF-8 whose bytes are windows-1252 is decoded as
    /// windows-1252, and <paramref name="charsetRepaired"/> says so (<see cref="CharsetDecoder"/>).
    /// </summary>
    public RentedText DecodeHtml(out bool charsetRepaired)
    {
        charsetRepaired = false;
        if (_body is null)
        {
            return new RentedText(0);
        }

        var (encoding, skip) = CharsetDecoder.Detect(_body.Head, HeaderCharset);
        if (skip == 0 && encoding.CodePage == System.Text.Encoding.UTF8.CodePage && _body.LooksMislabelledUtf8(skip))
        {
            charsetRepaired = true;
            encoding = CharsetDecoder.Windows1252;
        }

        return _body.Decode(encoding, skip);
    }

    public void ReleaseBody()
    {
        Interlocked.Exchange(ref _body, null)?.Dispose();
    }
}
