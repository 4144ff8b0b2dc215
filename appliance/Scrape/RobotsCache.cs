using Microsoft.Extensions.Options;

namespace Appliance.Scrape;

/// <summary>
/// robots.txt per site (scheme, host, port), fetched once and shared by every lead on that site
/// while it is in flight and for the cache's lifetime after. A site whose robots.txt cannot be
/// reached at all (timeout, reset) reports that failure, so its leads fail at once instead of
/// waiting the same timeout again for the page. The cache is sized in bytes (<c>Scrape:RobotsCacheBytes</c>),
/// each site by the rules it keeps: a daemon meets new hosts with nearly every lead, and a count of sites says
/// nothing when one robots.txt holds a few rules and another 500 KiB of them.
/// </summary>
public sealed class RobotsCache(PageFetcher fetcher, IOptions<ScrapeOptions> options) : IDisposable
{
    public sealed record Verdict(bool Allowed, FetchResult? Unreachable);

    /// <summary>How much of a robots.txt is read: RFC 9309 §2.5 asks crawlers to parse at least 500 KiB.</summary>
    public const int MaxRobotsBytes = 500 * 1024;

    private const long SiteOverheadBytes = 256;

    private readonly FetchOnceCache<(RobotsRules?, FetchResult?)> _sites = new(options.Value.RobotsCacheBytes);

    public async Task<Verdict> CheckAsync(Uri url, CancellationToken ct)
    {
        if (!options.Value.ObeyRobotsTxt)
        {
            return new Verdict(true, null);
        }

        var site = url.GetLeftPart(UriPartial.Authority);
        // Leads on one site arriving together share one fetch of its robots.txt.
        var known = await _sites.GetAsync(site, s => FetchRulesAsync(s, ct), r => SiteOverheadBytes + 2L * site.Length + (r.Item1?.ApproxBytes ?? 0),
            TimeSpan.FromSeconds(Math.Max(1, options.Value.CacheTtlSeconds)));
        var (rules, failure) = known;
        if (failure is not null)
        {
            return new Verdict(false, failure);
        }

        return new Verdict(rules!.IsAllowed(url.PathAndQuery), null);
    }

    private async Task<(RobotsRules?, FetchResult?)> FetchRulesAsync(string site, CancellationToken ct)
    {
        var result = await fetcher.FetchAsync(new Uri(site + "/robots.txt"), ct, htmlOnly: false, maxBodyBytes: MaxRobotsBytes, keepAlive: true);
        if (result.Ok)
        {
            using var text = result.DecodeHtml();
            result.ReleaseBody();
            // Past the cap the last line may be cut in the middle: only whole lines are rules.
            var span = text.Span;
            if (result.Truncated && span.LastIndexOf('\n') is var end and >= 0)
            {
                span = span[..end];
            }

            return (RobotsRules.Parse(span.ToString(), ProductToken(options.Value.UserAgent)), null);
        }

        // No robots.txt (4xx) or a broken one (5xx) allows everything; an unreachable site fails its leads.
        return FailureReason.IsUnreachable(result.FailureReason!) ? (null, result) : (RobotsRules.AllowAll, null);
    }

    private static string ProductToken(string userAgent) => userAgent.Split('/', ' ')[0];

    public void Dispose() => _sites.Dispose();
}
