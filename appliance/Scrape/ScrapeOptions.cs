using System.ComponentModel.DataAnnotations;
using System.Net;

namespace Appliance.Scrape;

/// <summary>Settings of the scrape stage, bound from the <c>Scrape</c> configuration section.</summary>
public sealed class ScrapeOptions : IValidatableObject
{
    public const string Section = "Scrape";

    /// <summary>Fetches in flight across all chunks of this process: latency, not CPU, is what this hides.</summary>
    [Range(1, 10_000)]
    public int Concurrency { get; set; } = 512;

    /// <summary>Rows claimed per job.</summary>
    [Range(1, 100_000)]
    public int ChunkSize { get; set; } = 1000;

    /// <summary>Open connections to one host at a time, as a polite crawler keeps it.</summary>
    [Range(1, 256)]
    public int MaxConnectionsPerHost { get; set; } = 4;

    /// <summary>Pause between two requests to the same host; zero for none.</summary>
    [Range(0, 60_000)]
    public int PerHostDelayMs { get; set; }

    [Range(100, 600_000)]
    public int RequestTimeoutMs { get; set; } = 20_000;

    /// <summary>
    /// Once <see cref="SlowBodyGraceMs"/> has passed since the headers, a body must have averaged at least this many bytes a
    /// second or the fetch fails as <c>timeout</c> (Kestrel's request-body default); zero for no such rule, the request
    /// timeout alone.
    /// </summary>
    [Range(0, 1_000_000_000)]
    public double MinBodyBytesPerSecond { get; set; } = 240;

    [Range(0, 600_000)]
    public int SlowBodyGraceMs { get; set; } = 5_000;

    /// <summary>Name resolution plus the TCP connect (the TLS handshake has its own budget below).</summary>
    [Range(100, 120_000)]
    public int ConnectTimeoutMs { get; set; } = 5_000;

    /// <summary>From TCP connected to TLS established; past it the fetch fails as <c>tls_handshake_timeout</c>.</summary>
    [Range(100, 120_000)]
    public int TlsHandshakeTimeoutMs { get; set; } = 10_000;

    /// <summary>
    /// A PEM file of root certificates trusted beside the system's (the lab's CA, a company CA). Empty: the
    /// system roots only. There is no switch that turns certificate validation off.
    /// </summary>
    public string? ExtraRootCertificatesFile { get; set; }

    /// <summary>Resolvers as <c>address</c> or <c>address:port</c> (<c>[v6]:port</c>); empty: the nameservers of /etc/resolv.conf.</summary>
    public string[] DnsServers { get; set; } = [];

    /// <summary>Wait for one answer from one resolver before a retry.</summary>
    [Range(50, 60_000)]
    public int DnsTimeoutMs { get; set; } = 2_000;

    [Range(0, 5)]
    public int DnsRetries { get; set; } = 1;

    /// <summary>Lookups in flight at once; the rest queue (a slow resolver then costs waiting fetches, never threads).</summary>
    [Range(1, 10_000)]
    public int DnsConcurrency { get; set; } = 256;

    /// <summary>How long NXDOMAIN is remembered at most: the answer's SOA minimum when shorter (RFC 2308), this when it has none.</summary>
    [Range(0, 86_400)]
    public int DnsNegativeCacheSeconds { get; set; } = 300;

    /// <summary>How long a timeout or SERVFAIL is remembered, so a site's other leads do not wait for it again.</summary>
    [Range(0, 3_600)]
    public int DnsFailureCacheSeconds { get; set; } = 30;

    /// <summary>
    /// Names remembered at once; past that the least recently used go first. A lead's robots.txt and page share one
    /// connection, so a name is mostly looked up once; the cache serves redirects, a site's other leads and failures
    /// for their TTL. 100,000 held ~35 MB of answers at 50,000 leads for few hits (docs/benchmarks.md, "The caches' share").
    /// </summary>
    [Range(1, 10_000_000)]
    public int DnsCacheEntries { get; set; } = 10_000;

    /// <summary>Read at start-up and answered before any resolver, as getaddrinfo does; empty for none.</summary>
    public string HostsFile { get; set; } = "/etc/hosts";

    /// <summary>Bytes of (decompressed) body read; the rest of a larger page is not fetched, what was read is parsed.</summary>
    [Range(1024, 1L << 30)]
    public long MaxBodyBytes { get; set; } = 2 * 1024 * 1024;

    /// <summary>Characters of a page's decoded text that are parsed; the rest of a longer page is left out (ParseBudget).</summary>
    [Range(4096, 64 * 1024 * 1024)]
    public int MaxParseChars { get; set; } = 512 * 1024;

    /// <summary>Element nesting parsed; a deeper page is parsed up to the tag that goes past it (ParseBudget).</summary>
    [Range(32, 4096)]
    public int MaxParseDepth { get; set; } = 512;

    /// <summary>Wall-clock time one page's parse may take; past it the page fails with <c>parse_timeout</c>.</summary>
    [Range(10, 600_000)]
    public int ParseTimeoutMs { get; set; } = 2000;

    /// <summary>Memory the robots.txt cache may use, roughly (the rules it keeps, by their size): 4 MiB is ~8,000 sites of a few rules.</summary>
    [Range(0, 1L << 34)]
    public long RobotsCacheBytes { get; set; } = 4L * 1024 * 1024;

    [Range(0, 20)]
    public int MaxRedirects { get; set; } = 5;

    /// <summary>Retries after a transient failure (429, 503, a refused or reset connection), with backoff and jitter.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 1;

    public bool ObeyRobotsTxt { get; set; } = true;

    /// <summary>
    /// Networks the SSRF policy lets through although they are not public, each <c>CIDR</c> or <c>CIDR:PORT</c>
    /// (<c>127.0.0.0/8:8089</c>: the lab's sites on its port). Empty by default: loopback, private, link-local, CGNAT,
    /// multicast, metadata and this host's own addresses are refused, whether written as IPv4 or wrapped in IPv6.
    /// </summary>
    public List<string> AllowedNetworks { get; set; } = [];

    /// <summary>Ports a public address may be fetched on; unset: 80 and 443. <see cref="AllowedNetworks"/> entries carry their own.</summary>
    public List<int>? AllowedPorts { get; set; }

    public IReadOnlySet<int> EffectivePorts => AllowedPorts is { Count: > 0 } p ? p.ToHashSet() : AddressPolicy.DefaultPorts;

    public IReadOnlyList<AllowedNetwork> ParsedNetworks() =>
        AllowedNetworks.Select(n => AllowedNetwork.TryParse(n, out var a) ? a : throw new FormatException(n)).ToList();

    /// <summary>How long a fetched page serves repeats of its URL, within and across uploads.</summary>
    [Range(0, 7 * 24 * 3600)]
    public int CacheTtlSeconds { get; set; } = 3600;

    /// <summary>
    /// Memory the page cache may use, roughly: 16 MiB is ~3,000 results of a lab page. It serves a URL repeated within
    /// the TTL while it is still among the recent ones; at 64 MiB the three caches held ~100 MiB more at the peak
    /// (docs/benchmarks.md, "The caches' share").
    /// </summary>
    [Range(0, 1L << 34)]
    public long CacheBytes { get; set; } = 16L * 1024 * 1024;

    [Required]
    public string UserAgent { get; set; } = "ApplianceBot/1.0 (+lead research; contact the site owner's data controller)";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var n in AllowedNetworks.Where(n => !AllowedNetwork.TryParse(n, out _)))
        {
            yield return new ValidationResult($"'{n}' is not CIDR or CIDR:PORT (e.g. 127.0.0.0/8:8089)", [nameof(AllowedNetworks)]);
        }

        foreach (var p in (AllowedPorts ?? []).Where(p => p is < 1 or > 65535))
        {
            yield return new ValidationResult($"{p} is not a port (1-65535)", [nameof(AllowedPorts)]);
        }

        foreach (var server in DnsServers)
        {
            if (!TryParseServer(server, out _))
            {
                yield return new ValidationResult($"Scrape:DnsServers: '{server}' is not an address or address:port.", [nameof(DnsServers)]);
            }
        }

        if (!string.IsNullOrEmpty(ExtraRootCertificatesFile) && !File.Exists(ExtraRootCertificatesFile))
        {
            yield return new ValidationResult($"Scrape:ExtraRootCertificatesFile: no file at {ExtraRootCertificatesFile}.", [nameof(ExtraRootCertificatesFile)]);
        }
    }

    /// <summary>A resolver's endpoint; port 53 when none is given.</summary>
    public static bool TryParseServer(string text, out IPEndPoint endpoint)
    {
        if (IPEndPoint.TryParse(text.Trim(), out var parsed))
        {
            endpoint = parsed.Port == 0 ? new IPEndPoint(parsed.Address, 53) : parsed;
            return true;
        }

        endpoint = null!;
        return false;
    }
}
