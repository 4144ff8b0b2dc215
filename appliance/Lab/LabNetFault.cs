namespace Appliance.Lab;

/// <summary>
/// The ways a lab site's name or TLS misbehaves, drawn per site from their own random stream (so the HTTP
/// fault mix is the same with or without them) and what a correct scraper reports. They show only when the
/// site is reached by name over HTTPS; a plain-HTTP lead file (<c>Lab:PlainHttp</c>) never meets them.
/// </summary>
public static class LabNetFault
{
    public const string None = "none";
    public const string DnsNxdomain = "dns_nxdomain";
    public const string DnsServfail = "dns_servfail";
    public const string DnsTimeout = "dns_timeout";

    /// <summary>The name resolves to a private, non-lab address (10.x): the SSRF policy must refuse it before connecting.</summary>
    public const string DnsPrivateAddress = "dns_private_address";
    public const string TlsExpired = "tls_expired";
    public const string TlsWrongName = "tls_wrong_name";
    public const string TlsSelfSigned = "tls_self_signed";
    public const string TlsStall = "tls_stall";

    /// <summary>The server offers only TLS 1.0.</summary>
    public const string TlsOldProtocol = "tls_old_protocol";

    /// <summary>Whether a site with this fault gets as far as a handshake that presents a leaf: not a DNS fault, not a stall.</summary>
    public static bool PresentsLeaf(string fault) => fault != TlsStall && !fault.StartsWith("dns_", StringComparison.Ordinal);

    public static string Pick(double draw, LabOptions options) => LabFault.Pick(draw, options, options.NetFaultRates());

    /// <summary>What the scraper records: every one of them fails before any HTTP, so no status.</summary>
    public static (string Status, string? Reason, int? HttpStatus) Outcome(string fault) => fault switch
    {
        DnsNxdomain => ("failed", "dns_nxdomain", null),
        DnsServfail => ("failed", "dns_servfail", null),
        DnsTimeout => ("failed", "dns_timeout", null),
        DnsPrivateAddress => ("failed", "blocked_address", null),
        TlsExpired => ("failed", "tls_expired", null),
        TlsWrongName => ("failed", "tls_name_mismatch", null),
        TlsSelfSigned => ("failed", "tls_untrusted", null),
        TlsStall => ("failed", "tls_handshake_timeout", null),
        TlsOldProtocol => ("failed", "tls_protocol", null),
        _ => throw new ArgumentOutOfRangeException(nameof(fault), fault, "unknown lab network fault"),
    };
}
