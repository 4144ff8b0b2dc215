using System.Collections.Concurrent;
using Microsoft.Extensions.Caching.Memory;

namespace Appliance.Scrape;

/// <summary>
/// A size-limited <see cref="MemoryCache"/> whose misses are fetched once however many callers ask at the same time:
/// concurrent callers for one key share the fetch in flight, and its result serves repeats for the TTL.
/// </summary>
public sealed class FetchOnceCache<T>(long sizeLimit) : IDisposable
{
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = Math.Max(1, sizeLimit) });
    private readonly ConcurrentDictionary<string, Lazy<Task<T>>> _inFlight = new(StringComparer.Ordinal);

    /// <param name="fetch">Runs at most once per key at a time; the first caller's arguments are the ones used.</param>
    /// <param name="size">The result's size in the cache's units.</param>
    /// <param name="ttl">How long the result serves repeats; zero or less keeps it only while in flight.</param>
    public Task<T> GetAsync(string key, Func<string, Task<T>> fetch, Func<T, long> size, TimeSpan ttl) =>
        GetAsync(key, fetch, size, _ => ttl);

    /// <param name="ttl">How long this result serves repeats (a DNS answer's own TTL); zero or less keeps it only while in flight.</param>
    public async Task<T> GetAsync(string key, Func<string, Task<T>> fetch, Func<T, long> size, Func<T, TimeSpan> ttl)
    {
        if (_cache.TryGetValue(key, out T? cached) && cached is not null)
        {
            return cached;
        }

        var shared = _inFlight.GetOrAdd(key, k => new Lazy<Task<T>>(() => fetch(k)));
        try
        {
            var result = await shared.Value;
            var keep = ttl(result);
            if (keep > TimeSpan.Zero)
            {
                _cache.Set(key, result, new MemoryCacheEntryOptions { Size = size(result), AbsoluteExpirationRelativeToNow = keep });
            }

            return result;
        }
        finally
        {
            _inFlight.TryRemove(KeyValuePair.Create(key, shared));
        }
    }

    /// <summary>Results held now (not those in flight): never more than the size limit allows.</summary>
    internal int Count => _cache.Count;

    /// <summary>Drops a cached result, e.g. one that could not be stored, so the next caller fetches afresh.</summary>
    public void Forget(string key) => _cache.Remove(key);

    public void Dispose() => _cache.Dispose();
}
