using Appliance.Scrape;

namespace Appliance.Tests.Scrape;

/// <summary>
/// The one bounded cache behind the page cache, the robots.txt cache and the DNS cache: a daemon meets a new site with
/// nearly every lead, so what it keeps must stop at its size limit however many keys pass, and a key that fell out must
/// be fetched again (correctly) without ever being fetched twice at the same time.
/// </summary>
public class FetchOnceCacheTests
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    [Fact]
    public async Task ManyDistinctKeys_KeepNoMoreThanTheSizeLimit()
    {
        using var cache = new FetchOnceCache<string>(sizeLimit: 100);

        for (var i = 0; i < 5_000; i++)
        {
            var value = await cache.GetAsync($"https://site-{i}.test/", k => Task.FromResult(k.ToUpperInvariant()), _ => 1, Hour);
            Assert.Equal($"HTTPS://SITE-{i}.TEST/", value);
            Assert.InRange(cache.Count, 0, 100);
        }
    }

    [Fact]
    public async Task SizesCountAgainstTheLimit_NotEntries()
    {
        using var cache = new FetchOnceCache<string>(sizeLimit: 1_000);

        for (var i = 0; i < 1_000; i++)
        {
            await cache.GetAsync($"k{i}", k => Task.FromResult(k), _ => 100, Hour);
        }

        Assert.InRange(cache.Count, 0, 10);
    }

    [Fact]
    public async Task KeysThatFellOut_AreFetchedAgain_EachWithItsOwnResult()
    {
        using var cache = new FetchOnceCache<string>(sizeLimit: 10);
        var fetches = new Dictionary<string, int>();
        Task<string> Fetch(string key)
        {
            fetches[key] = fetches.GetValueOrDefault(key) + 1;
            return Task.FromResult($"{key}#{fetches[key]}");
        }

        var keys = Enumerable.Range(0, 50).Select(i => $"https://site-{i}.test/").ToList();
        foreach (var key in keys)
        {
            Assert.Equal($"{key}#1", await cache.GetAsync(key, Fetch, _ => 1, Hour));
        }

        foreach (var key in keys)
        {
            // Held: the first result again; gone (at most 10 were held): fetched afresh. Either way this key's latest result.
            var value = await cache.GetAsync(key, Fetch, _ => 1, Hour);
            Assert.Equal($"{key}#{fetches[key]}", value);
        }

        Assert.True(keys.Count(k => fetches[k] == 2) >= 40, $"{keys.Count(k => fetches[k] == 2)} keys fetched again");
        Assert.All(keys, k => Assert.InRange(fetches[k], 1, 2));

        cache.Forget(keys[^1]);
        Assert.Equal($"{keys[^1]}#{fetches[keys[^1]] + 1}", await cache.GetAsync(keys[^1], Fetch, _ => 1, Hour));
    }

    [Fact]
    public async Task AFullCache_StillSharesOneFetchInFlight_AmongConcurrentCallers()
    {
        using var cache = new FetchOnceCache<string>(sizeLimit: 5);
        for (var i = 0; i < 20; i++)
        {
            await cache.GetAsync($"filler-{i}", k => Task.FromResult(k), _ => 1, Hour);
        }

        var release = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var fetches = 0;
        var callers = Enumerable.Range(0, 32).Select(_ => cache.GetAsync("https://busy.test/", _ =>
        {
            Interlocked.Increment(ref fetches);
            return release.Task;
        }, _ => 1, Hour)).ToList();
        release.SetResult("page");

        Assert.All(await Task.WhenAll(callers), r => Assert.Equal("page", r));
        Assert.Equal(1, fetches);
    }
}
