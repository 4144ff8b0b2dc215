using Microsoft.Extensions.Options;

namespace Appliance.Scrape;

/// <summary>
/// robots.txt per site (scheme, host, port), fetched once and shared by every lead on that site
/// while it is in flight and for the cache's lifetime after. A site whose robots.txt cannot be
/// reached at all (timeout, reset) reports that failure, so its leads fail at once instead of
/// waiting the same timeout again for the page. The cache holds at most <see cref="MaxSites"/> sites:
/// a daemon meets new hosts with nearly every lead, and an unbounded map of them grew with every upload.
/// </summary>
public sealed class RobotsCache(PageFetcher fetcher, IOptions<ScrapeOptions> options) : IDisposable
{
    public sealed record Verdict(bool Allowed, FetchResult? Unreachable);

    /// <summary>Sites remembered at once (a few hundred bytes each); past that the least recently used go first.</summary>
    public const int MaxSites = 100_000;

    private readonly FetchOnceCache<(RobotsRules?, FetchResult?)> _sites = new(MaxSites);

    public async Task<Verdict> CheckAsync(Uri url, CancellationToken ct)
    {
        if (!options.Value.ObeyRobotsTxt)
        {
            return new Verdict(true, null);
        }

        var site = url.GetLeftPart(UriPartial.Authority);
        // Leads on one site arriving together share one fetch of its robots.txt.
        var known = await _sites.GetAsync(site, s => FetchRulesAsync(s, ct), _ => 1, TimeSpan.FromSeconds(Math.Max(1, options.Value.CacheTtlSeconds)));
        var (rules, failure) = known;
        if (failure is not null)
        {
            return new Verdict(false, failure);
        }

        return new Verdict(rules!.IsAllowed(url.PathAndQuery), null);
    }

    private async Task<(RobotsRules?, FetchResult?)> FetchRulesAsync(string site, CancellationToken ct)
    {
        var result = await fetcher.FetchAsync(new Uri(site + "/robots.txt"), ct, htmlOnly: false);
        if (result.Ok)
        {
            using var text = result.DecodeHtml();
            result.ReleaseBody();
            return (RobotsRules.Parse(text.ToString(), ProductToken(options.Value.UserAgent)), null);
        }

        // No robots.txt (4xx) or a broken one (5xx) allows everything; an unreachable site fails its leads.
        return FailureReason.IsUnreachable(result.FailureReason!) ? (null, result) : (RobotsRules.AllowAll, null);
    }

    private static string ProductToken(string userAgent) => userAgent.Split('/', ' ')[0];

    public void Dispose() => _sites.Dispose();
}
