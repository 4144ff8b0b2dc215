namespace Appliance.Scrape;

/// <summary>Why a lead's website could not be scraped: the fixed list stored in <c>websites.failure_reason</c>.</summary>
public static class FailureReason
{
    /// <summary>Name resolution failed some other way: no A or AAAA record (NODATA), a refused or malformed answer.</summary>
    public const string Dns = "dns";

    /// <summary>The name does not exist (NXDOMAIN): the commonest dead lead.</summary>
    public const string DnsNxdomain = "dns_nxdomain";

    /// <summary>No resolver answered within the timeout and its retries.</summary>
    public const string DnsTimeout = "dns_timeout";

    /// <summary>The resolver answered SERVFAIL (a broken or unreachable authoritative server).</summary>
    public const string DnsServfail = "dns_servfail";

    public const string Connect = "connect";
    public const string Timeout = "timeout";

    /// <summary>TLS failed some other way than the ones named below.</summary>
    public const string Tls = "tls";

    /// <summary>The certificate (or one in its chain) is outside its validity period.</summary>
    public const string TlsExpired = "tls_expired";

    /// <summary>The certificate does not name the host asked for.</summary>
    public const string TlsNameMismatch = "tls_name_mismatch";

    /// <summary>The chain does not end at a trusted root: self-signed, unknown CA, incomplete chain.</summary>
    public const string TlsUntrusted = "tls_untrusted";

    /// <summary>TCP connected but the TLS handshake did not finish in time.</summary>
    public const string TlsHandshakeTimeout = "tls_handshake_timeout";

    /// <summary>No protocol version or cipher both sides accept (e.g. a server that speaks only TLS 1.0).</summary>
    public const string TlsProtocol = "tls_protocol";

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
    [
        Dns, DnsNxdomain, DnsTimeout, DnsServfail, Connect, Timeout,
        Tls, TlsExpired, TlsNameMismatch, TlsUntrusted, TlsHandshakeTimeout, TlsProtocol,
        Reset, Http4xx, Http5xx, TooLarge, NotHtml, Robots, BlockedAddress, RedirectLoop, BadUrl, ParseTimeout,
    ];

    /// <summary>The site cannot be reached at all (no page of it will load): its other leads fail the same way at once.</summary>
    public static bool IsUnreachable(string reason) =>
        reason is Timeout or Reset or Connect or BlockedAddress || IsDns(reason) || IsTls(reason);

    public static bool IsDns(string reason) => reason.StartsWith(Dns, StringComparison.Ordinal);

    public static bool IsTls(string reason) => reason.StartsWith(Tls, StringComparison.Ordinal);
}
