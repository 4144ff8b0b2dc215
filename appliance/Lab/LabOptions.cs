using System.ComponentModel.DataAnnotations;

namespace Appliance.Lab;

/// <summary>
/// Settings of the lab's synthetic web, bound from the <c>Lab</c> configuration section. The
/// fault rates are fractions of sites (not of requests): a site's fault is fixed by the seed and
/// its index, so a rerun meets the same hostile servers. Their sum must stay at most 1.
/// </summary>
public sealed class LabOptions : IValidatableObject
{
    public const string Section = "Lab";
    public const int DefaultPort = 8089;

    public int Seed { get; set; } = 42;

    /// <summary>The listener's port on every loopback address; 0 takes any free port.</summary>
    [Range(0, 65_535)]
    public int Port { get; set; } = DefaultPort;

    /// <summary>The HTTPS listener's port on every loopback address; null: 8443, or any free port when <see cref="Port"/> is 0.</summary>
    [Range(0, 65_535)]
    public int? HttpsPort { get; set; }

    /// <summary>The lab DNS server's port on 127.0.0.1 (UDP and TCP); null: 8053, or any free port when <see cref="Port"/> is 0.</summary>
    [Range(0, 65_535)]
    public int? DnsPort { get; set; }

    /// <summary>
    /// Lead files name sites <c>http://127.x.y.z:port/</c> (no DNS, no TLS, the lab as it was) instead of
    /// <c>https://www.name-sN.test:httpsPort/</c>; the truth then leaves out the DNS and TLS faults.
    /// </summary>
    public bool PlainHttp { get; set; }

    /// <summary>Where the lab writes its CA certificate (PEM) for <c>Scrape:ExtraRootCertificatesFile</c>; null: a new file under the temp folder.</summary>
    public string? CaCertificateFile { get; set; }

    /// <summary>Share of a default lead file's rows whose website repeats an earlier row's (real lead lists: a few per cent).</summary>
    [Range(0, 0.99)]
    public double DuplicateShare { get; set; } = 0.05;

    /// <summary>Median added latency of a DNS answer (lognormal, like a recursive resolver's misses); 0 adds none.</summary>
    [Range(0, 60_000)]
    public double DnsLatencyMedianMs { get; set; } = 15;

    [Range(0, 60_000)]
    public double DnsLatencyP95Ms { get; set; } = 120;

    [Range(0, 60_000)]
    public double DnsLatencyMaxMs { get; set; } = 1_000;

    /// <summary>Median added latency per request (lognormal); 0 adds none at all.</summary>
    [Range(0, 60_000)]
    public double LatencyMedianMs { get; set; } = 250;

    /// <summary>95th percentile of the added latency; with the median it fixes the lognormal's sigma.</summary>
    [Range(0, 600_000)]
    public double LatencyP95Ms { get; set; } = 1500;

    /// <summary>
    /// No request waits longer than this, so a healthy site never outlasts a scraper's 20 s
    /// request timeout through the distribution's tail alone (the truth says it is healthy).
    /// </summary>
    [Range(0, 600_000)]
    public double LatencyMaxMs { get; set; } = 10_000;

    /// <summary>False: every site serves a healthy 200 HTML page and allows everything in robots.txt.</summary>
    public bool Faults { get; set; } = true;

    [Range(0, 1)] public double NotFoundRate { get; set; } = 0.03;
    [Range(0, 1)] public double ServerErrorRate { get; set; } = 0.02;
    [Range(0, 1)] public double RedirectChainRate { get; set; } = 0.02;
    [Range(0, 1)] public double RedirectLoopRate { get; set; } = 0.005;
    [Range(0, 1)] public double HangRate { get; set; } = 0.01;
    [Range(0, 1)] public double SlowDripRate { get; set; } = 0.01;
    [Range(0, 1)] public double NotHtmlRate { get; set; } = 0.005;
    [Range(0, 1)] public double HugePageRate { get; set; } = 0.005;
    [Range(0, 1)] public double GzipBombRate { get; set; } = 0.005;
    [Range(0, 1)] public double ResetRate { get; set; } = 0.01;
    [Range(0, 1)] public double RobotsDisallowRate { get; set; } = 0.01;

    // DNS and TLS faults: a second draw per site, so their sum is checked on its own.
    [Range(0, 1)] public double DnsNxdomainRate { get; set; } = 0.03;
    [Range(0, 1)] public double DnsServfailRate { get; set; } = 0.005;
    [Range(0, 1)] public double DnsTimeoutRate { get; set; } = 0.005;

    /// <summary>
    /// Names that resolve to 10.x (an SSRF probe). Off by default (lab runs allow only loopback at the lab's ports, <c>Scrape:AllowedNetworks</c>), which
    /// would let the scraper try to connect off the host; use it with a scraper whose policy refuses 10/8.
    /// </summary>
    [Range(0, 1)] public double DnsPrivateAddressRate { get; set; }
    [Range(0, 1)] public double TlsExpiredRate { get; set; } = 0.005;
    [Range(0, 1)] public double TlsWrongNameRate { get; set; } = 0.005;
    [Range(0, 1)] public double TlsSelfSignedRate { get; set; } = 0.005;
    [Range(0, 1)] public double TlsStallRate { get; set; } = 0.002;
    [Range(0, 1)] public double TlsOldProtocolRate { get; set; } = 0.003;

    /// <summary>Healthy names that resolve through a two-hop CNAME chain.</summary>
    [Range(0, 1)] public double CnameRate { get; set; } = 0.2;

    /// <summary>Healthy names with two A records (both serve the site).</summary>
    [Range(0, 1)] public double SeveralARate { get; set; } = 0.1;

    // Poison pages (LabPoisonPages): none by default, so the standard mix and every figure measured on it stay as they are.
    [Range(0, 1)] public double DeepNestingRate { get; set; }
    [Range(0, 1)] public double EmojiCapsRate { get; set; }
    [Range(0, 1)] public double LyingCharsetRate { get; set; }

    /// <summary>The simulated OpenAI-compatible LLM on 127.0.0.1 (<c>Lab:Llm</c>).</summary>
    public LabLlmOptions Llm { get; set; } = new();

    /// <summary>Each fault with its rate, in the fixed order the site picker walks.</summary>
    public IReadOnlyList<(string Fault, double Rate)> FaultRates() =>
    [
        (LabFault.NotFound, NotFoundRate),
        (LabFault.ServerError, ServerErrorRate),
        (LabFault.RedirectChain, RedirectChainRate),
        (LabFault.RedirectLoop, RedirectLoopRate),
        (LabFault.Hang, HangRate),
        (LabFault.SlowDrip, SlowDripRate),
        (LabFault.NotHtml, NotHtmlRate),
        (LabFault.HugePage, HugePageRate),
        (LabFault.GzipBomb, GzipBombRate),
        (LabFault.Reset, ResetRate),
        (LabFault.Robots, RobotsDisallowRate),
        (LabFault.DeepNesting, DeepNestingRate),
        (LabFault.EmojiCaps, EmojiCapsRate),
        (LabFault.LyingCharset, LyingCharsetRate),
    ];

    /// <summary>Each DNS or TLS fault with its rate, in the fixed order the site picker walks.</summary>
    public IReadOnlyList<(string Fault, double Rate)> NetFaultRates() =>
    [
        (LabNetFault.DnsNxdomain, DnsNxdomainRate),
        (LabNetFault.DnsServfail, DnsServfailRate),
        (LabNetFault.DnsTimeout, DnsTimeoutRate),
        (LabNetFault.DnsPrivateAddress, DnsPrivateAddressRate),
        (LabNetFault.TlsExpired, TlsExpiredRate),
        (LabNetFault.TlsWrongName, TlsWrongNameRate),
        (LabNetFault.TlsSelfSigned, TlsSelfSignedRate),
        (LabNetFault.TlsStall, TlsStallRate),
        (LabNetFault.TlsOldProtocol, TlsOldProtocolRate),
    ];

    /// <summary>The HTTPS port asked for: the configured one, or the default beside <see cref="Port"/>.</summary>
    public int HttpsPortOrDefault => HttpsPort ?? (Port == 0 ? 0 : 8443);

    public int DnsPortOrDefault => DnsPort ?? (Port == 0 ? 0 : 8053);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (FaultRates().Sum(f => f.Rate) > 1 + 1e-9)
        {
            yield return new ValidationResult("The lab's fault rates add up to more than 1.", [nameof(NotFoundRate)]);
        }

        if (NetFaultRates().Sum(f => f.Rate) > 1 + 1e-9)
        {
            yield return new ValidationResult("The lab's DNS and TLS fault rates add up to more than 1.", [nameof(DnsNxdomainRate)]);
        }

        if (CnameRate + SeveralARate > 1 + 1e-9)
        {
            yield return new ValidationResult("Lab:CnameRate and Lab:SeveralARate add up to more than 1.", [nameof(CnameRate)]);
        }

        if (DnsLatencyMedianMs > 0 && DnsLatencyP95Ms < DnsLatencyMedianMs)
        {
            yield return new ValidationResult("Lab:DnsLatencyP95Ms must be at least Lab:DnsLatencyMedianMs.", [nameof(DnsLatencyP95Ms)]);
        }

        // Nested options are not walked by the validator on their own.
        var llm = new List<ValidationResult>();
        Validator.TryValidateObject(Llm, new ValidationContext(Llm), llm, validateAllProperties: true);
        foreach (var result in llm)
        {
            yield return new ValidationResult("Lab:Llm: " + result.ErrorMessage, result.MemberNames.Select(m => $"{nameof(Llm)}.{m}"));
        }

        if (LatencyMedianMs > 0 && LatencyP95Ms < LatencyMedianMs)
        {
            yield return new ValidationResult("Lab:LatencyP95Ms must be at least Lab:LatencyMedianMs.", [nameof(LatencyP95Ms)]);
        }
    }

    /// <summary>Throws with every problem listed: for start-up, where a bad setting must stop the lab.</summary>
    public void ThrowIfInvalid()
    {
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(this, new ValidationContext(this), results, validateAllProperties: true))
        {
            throw new ValidationException("Invalid lab options: " + string.Join(" ", results.Select(r => r.ErrorMessage)));
        }
    }
}
