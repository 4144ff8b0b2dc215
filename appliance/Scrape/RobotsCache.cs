using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Appliance.Scrape;

/// <summary>
/// robots.txt per site (scheme, host, port), fetched once and shared by every lead on that site
/// while it is in flight and for the cache's lifetime after. A site whose robots.txt cannot be
/// reached at all (timeout, reset) reports that failure, so its leads fail at once instead of
/// waiting the same timeout again for the page.
/// </summary>
public sealed class RobotsCache(PageFetcher fetcher, IOptions<ScrapeOptions> options, TimeProvider time)
{
    public sealed record Verdict(bool Allowed, FetchResult? Unreachable);

    private static readonly HashSet<string> Unreachable = [FailureReason.Timeout, FailureReason.Reset, FailureReason.Connect, FailureReason.Dns, FailureReason.Tls, FailureReason.BlockedAddress];
    private readonly ConcurrentDictionary<string, (Task<(RobotsRules?, FetchResult?)> Rules, DateTimeOffset Expires)> _sites = new();

    public async Task<Verdict> CheckAsync(Uri url, CancellationToken ct)
    {
        if (!options.Value.ObeyRobotsTxt)
        {
            return new Verdict(true, null);
        }

        var site = url.GetLeftPart(UriPartial.Authority);
        var now = time.GetUtcNow();
        var entry = _sites.AddOrUpdate(site,
            s => (FetchRulesAsync(s, ct), now.AddSeconds(options.Value.CacheTtlSeconds)),
            (s, old) => old.Expires > now ? old : (FetchRulesAsync(s, ct), now.AddSeconds(options.Value.CacheTtlSeconds)));
        var (rules, failure) = await entry.Rules;
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
            var text = result.DecodeHtml();
            result.ReleaseBody();
            return (RobotsRules.Parse(text, ProductToken(options.Value.UserAgent)), null);
        }

        // No robots.txt (4xx) or a broken one (5xx) allows everything; an unreachable site fails its leads.
        return Unreachable.Contains(result.FailureReason!) ? (null, result) : (RobotsRules.AllowAll, null);
    }

    private static string ProductToken(string userAgent) => userAgent.Split('/', ' ')[0];
}
