using System.Diagnostics;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace Appliance.Scrape;

/// <summary>
/// Scrapes one URL: from the cache when it was fetched within the TTL (or is being fetched right
/// now — concurrent leads on one URL share one fetch), else robots.txt, fetch with retries, extract.
/// </summary>
public sealed class PageScraper : IDisposable
{
    private static readonly HashSet<string> Transient = [FailureReason.Connect, FailureReason.Reset];
    private readonly PageFetcher _fetcher;
    private readonly RobotsCache _robots;
    private readonly PageExtractor _extractor;
    private readonly ScrapeOptions _options;
    private readonly FetchOnceCache<ScrapeResult> _cache;
    private readonly ResiliencePipeline<FetchResult> _retry;

    private readonly ParseThreads _parse = new(Environment.ProcessorCount);
    private long _fetches;
    private long _fetchesEnded;

    public PageScraper(PageFetcher fetcher, RobotsCache robots, IOptions<ScrapeOptions> options, TimeProvider time)
    {
        _fetcher = fetcher;
        _robots = robots;
        _options = options.Value;
        _extractor = new PageExtractor(ParseBudget.From(_options, time));
        _cache = new FetchOnceCache<ScrapeResult>(_options.CacheBytes);
        _retry = new ResiliencePipelineBuilder<FetchResult> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<FetchResult>
            {
                MaxRetryAttempts = Math.Max(1, _options.MaxRetries),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(500),
                ShouldHandle = args => ValueTask.FromResult(_options.MaxRetries > 0 && args.Outcome.Result is { } r && IsTransient(r)),
                // Honour Retry-After when the server gives one, within reason.
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result?.RetryAfter is { } after && after <= TimeSpan.FromSeconds(30) ? after : (TimeSpan?)null),
            })
            .Build();
    }

    /// <summary>Distinct URLs scraped from the web so far (cache misses): rows served from the cache are not fetches.</summary>
    public long Fetches => Interlocked.Read(ref _fetches);

    /// <summary>Of <see cref="Fetches"/>, those that have ended (with a page or a failure).</summary>
    public long FetchesEnded => Interlocked.Read(ref _fetchesEnded);

    public Task<ScrapeResult> ScrapeAsync(string url, CancellationToken ct) =>
        _cache.GetAsync(url, u => ScrapeUncachedAsync(u, ct), r => r.ApproxBytes, TimeSpan.FromSeconds(_options.CacheTtlSeconds));

    /// <summary>Stops serving a cached result for <paramref name="url"/> (its write was refused: a repeat must not be served it).</summary>
    public void Forget(string url) => _cache.Forget(url);

    private async Task<ScrapeResult> ScrapeUncachedAsync(string url, CancellationToken ct)
    {
        Interlocked.Increment(ref _fetches);
        try
        {
            return await ScrapeOnceAsync(url, ct);
        }
        finally
        {
            Interlocked.Increment(ref _fetchesEnded);
        }
    }

    private async Task<ScrapeResult> ScrapeOnceAsync(string url, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return new ScrapeResult(ScrapeResult.Failed, FailureReason.BadUrl, null, "not an absolute URL", null, null, 0, false, 0);
        }

        var robots = await _robots.CheckAsync(uri, ct);
        if (robots.Unreachable is { } unreachable)
        {
            return ScrapeResult.From(unreachable, (int)clock.ElapsedMilliseconds);
        }

        if (!robots.Allowed)
        {
            return new ScrapeResult(ScrapeResult.Failed, FailureReason.Robots, null, "robots.txt disallows this page", url, null, 0, false, (int)clock.ElapsedMilliseconds);
        }

        var fetch = await _retry.ExecuteAsync(static (state, token) => new ValueTask<FetchResult>(state.Item1._fetcher.FetchAsync(state.uri, token)), (this, uri), ct);
        var fetchMs = (int)clock.ElapsedMilliseconds;
        if (!fetch.Ok)
        {
            return ScrapeResult.From(fetch, fetchMs);
        }

        PageFacts facts;
        bool repaired;
        try
        {
            (facts, repaired) = await _parse.RunAsync(() =>
            {
                using var html = fetch.DecodeHtml(out var charsetRepaired);
                return (_extractor.Extract(html.Memory, fetch.FinalUrl), charsetRepaired);
            }, ct);
        }
        catch (ParseTimeoutException e)
        {
            return new ScrapeResult(ScrapeResult.Failed, FailureReason.ParseTimeout, fetch.HttpStatus, e.Message, fetch.FinalUrl.AbsoluteUri, null,
                fetch.Bytes, fetch.Truncated, fetchMs);
        }
        finally
        {
            fetch.ReleaseBody();
        }

        var detail = string.Join("; ", new[] { fetch.Truncated ? $"page cut at {_options.MaxBodyBytes:N0} bytes" : null, facts.Cut, repaired ? "labelled UTF-8, decoded as windows-1252" : null }
            .Where(d => d is not null));
        return new ScrapeResult(ScrapeResult.Done, null, fetch.HttpStatus, detail.Length == 0 ? null : detail,
            fetch.FinalUrl.AbsoluteUri, facts, fetch.Bytes, fetch.Truncated || facts.Cut is not null, fetchMs) { CharsetRepaired = repaired };
    }

    private static bool IsTransient(FetchResult r) =>
        r.HttpStatus is 429 or 503 || (r.FailureReason is { } reason && Transient.Contains(reason));

    public void Dispose()
    {
        _parse.Dispose();
        _cache.Dispose();
    }
}
