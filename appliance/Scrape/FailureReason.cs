namespace Appliance.Scrape;

/// <summary>Why a lead's website could not be scraped: the fixed list stored in <c>websites.failure_reason</c>.</summary>
public static class FailureReason
{
    public const string Dns = "dns";
    public const string Connect = "connect";
    public const string Timeout = "timeout";
    public const string Tls = "tls";
    public const string Reset = "reset";
    public const string Http4xx = "http_4xx";
    public const string Http5xx = "http_5xx";
    public const string TooLarge = "too_large";
    public const string NotHtml = "not_html";
    public const string Robots = "robots";
    public const string BlockedAddress = "blocked_address";
    public const string RedirectLoop = "redirect_loop";
    public const string BadUrl = "bad_url";
    public const string ParseTimeout = "parse_timeout";

    public static readonly IReadOnlyList<string> All =
        [Dns, Connect, Timeout, Tls, Reset, Http4xx, Http5xx, TooLarge, NotHtml, Robots, BlockedAddress, RedirectLoop, BadUrl, ParseTimeout];
}
