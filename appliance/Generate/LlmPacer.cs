using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Appliance.Generate;

/// <summary>
/// Keeps LLM calls under the endpoint's limits instead of tripping them: a token bucket for
/// requests per minute and one for tokens per minute (charged the estimated prompt tokens plus
/// the maximum output before the call, as providers count them), both refilled every 100 ms at
/// 99% of the configured rate with one second of burst. A 429 or exhausted
/// <c>x-ratelimit-remaining-*</c> header pauses every caller until the endpoint's reset time.
/// </summary>
public sealed class LlmPacer : IAsyncDisposable
{
    private readonly (TokenBucketRateLimiter Bucket, int Limit)? _requests;
    private readonly (TokenBucketRateLimiter Bucket, int Limit)? _tokens;
    private readonly TimeProvider _time;
    private long _pausedUntilTicks;

    public LlmPacer(IOptions<LlmOptions> options, TimeProvider time)
    {
        _time = time;
        _requests = Bucket(options.Value.RequestsPerMinute);
        _tokens = Bucket(options.Value.TokensPerMinute);
    }

    private int _rateLimited;

    /// <summary>429 answers seen so far.</summary>
    public int RateLimited => Volatile.Read(ref _rateLimited);

    public static int EstimateTokens(string prompt) => (prompt.Length + 3) / 4;

    public async Task WaitAsync(int tokens, CancellationToken ct)
    {
        var paused = new DateTimeOffset(Interlocked.Read(ref _pausedUntilTicks), TimeSpan.Zero) - _time.GetUtcNow();
        if (paused > TimeSpan.Zero)
        {
            await Task.Delay(paused, _time, ct);
        }

        if (_requests is { } requests)
        {
            using var lease = await requests.Bucket.AcquireAsync(1, ct);
        }

        if (_tokens is { } bucket)
        {
            using var lease = await bucket.Bucket.AcquireAsync(Math.Clamp(tokens, 1, bucket.Limit), ct);
        }
    }

    /// <summary>The endpoint said 429 or reported nothing left: nobody calls again before <paramref name="after"/>.</summary>
    public void Pause(TimeSpan after, bool rateLimited)
    {
        if (rateLimited)
        {
            Interlocked.Increment(ref _rateLimited);
        }

        var until = (_time.GetUtcNow() + after).UtcTicks;
        long seen;
        do
        {
            seen = Interlocked.Read(ref _pausedUntilTicks);
        }
        while (until > seen && Interlocked.CompareExchange(ref _pausedUntilTicks, until, seen) != seen);
    }

    private static (TokenBucketRateLimiter, int Limit)? Bucket(int perMinute)
    {
        if (perMinute <= 0)
        {
            return null;
        }

        var rate = perMinute * 0.99 / 60_000.0; // permits per millisecond, 1% under the limit
        var perPeriod = Math.Max(1, (int)Math.Round(rate * 100));
        var limit = Math.Max(perPeriod, perMinute / 60);
        return (new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = limit,
            TokensPerPeriod = perPeriod,
            ReplenishmentPeriod = TimeSpan.FromMilliseconds(perPeriod / rate),
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        }), limit);
    }

    public async ValueTask DisposeAsync()
    {
        if (_requests is { } requests)
        {
            await requests.Bucket.DisposeAsync();
        }

        if (_tokens is { } tokens)
        {
            await tokens.Bucket.DisposeAsync();
        }
    }
}
