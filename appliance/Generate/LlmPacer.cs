using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Appliance.Generate;

/// <summary>
/// Keeps LLM calls under the endpoint's limits instead of tripping them: a token bucket for requests per minute and
/// one for tokens per minute (charged the estimated prompt tokens plus the maximum output before the call, as
/// providers count them), both refilled every 100 ms at 99% of the limit with one second of burst. The limits are
/// <c>Llm:RequestsPerMinute</c>/<c>TokensPerMinute</c> when configured; otherwise the ones the provider's
/// <c>x-ratelimit-limit-*</c> headers announced (<see cref="Observe"/>), from the first answer on. A 429 or an
/// exhausted <c>x-ratelimit-remaining-*</c> header pauses every caller until the endpoint's reset time.
/// </summary>
public sealed class LlmPacer : IAsyncDisposable
{
    private sealed record Paced(TokenBucketRateLimiter Bucket, int Limit, int Burst);

    private readonly int _configuredRequests;
    private readonly int _configuredTokens;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly List<Paced> _retired = [];
    private volatile Paced? _requests;
    private volatile Paced? _tokens;
    private volatile RateLimitObservation? _learned;
    private long _learnedAtTicks;
    private long _pausedUntilTicks;
    private int _rateLimited;

    public LlmPacer(IOptions<LlmOptions> options, TimeProvider time)
    {
        _time = time;
        _configuredRequests = options.Value.RequestsPerMinute;
        _configuredTokens = options.Value.TokensPerMinute;
        _requests = Bucket(_configuredRequests);
        _tokens = Bucket(_configuredTokens);
    }

    /// <summary>429 answers seen so far.</summary>
    public int RateLimited => Volatile.Read(ref _rateLimited);

    /// <summary>The limits the pacer works to and where they came from, for a run to store and the projection to use.</summary>
    public LlmLimitsSnapshot Limits
    {
        get
        {
            var seen = _learned;
            int? Pick(int configured, int? learned) => configured > 0 ? configured : learned is > 0 ? learned : null;
            var source = _configuredRequests > 0 || _configuredTokens > 0 ? LlmLimitsSnapshot.Config
                : seen?.HasLimits == true ? LlmLimitsSnapshot.Headers : LlmLimitsSnapshot.None;
            return new LlmLimitsSnapshot(Pick(_configuredRequests, seen?.LimitRequests), Pick(_configuredTokens, seen?.LimitTokens), source,
                seen, seen is null ? null : new DateTimeOffset(Interlocked.Read(ref _learnedAtTicks), TimeSpan.Zero));
        }
    }

    /// <summary>Calls queued on the buckets now, waiting for their turn.</summary>
    public long Waiting => (_requests?.Bucket.GetStatistics()?.CurrentQueuedCount ?? 0) + (_tokens?.Bucket.GetStatistics()?.CurrentQueuedCount ?? 0);

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
            using var lease = await bucket.Bucket.AcquireAsync(Math.Clamp(tokens, 1, bucket.Burst), ct);
        }
    }

    /// <summary>
    /// An answer's rate-limit headers: a limit not configured is paced from now on at what the provider announced
    /// (a changed announcement replaces the bucket), and nothing left in a window pauses everyone until it resets.
    /// </summary>
    public void Observe(RateLimitObservation seen)
    {
        _learned = seen;
        Interlocked.Exchange(ref _learnedAtTicks, _time.GetUtcNow().UtcTicks);
        if ((_configuredRequests <= 0 && seen.LimitRequests is > 0 && seen.LimitRequests != _requests?.Limit)
            || (_configuredTokens <= 0 && seen.LimitTokens is > 0 && seen.LimitTokens != _tokens?.Limit))
        {
            lock (_gate)
            {
                if (_configuredRequests <= 0 && seen.LimitRequests is { } rpm and > 0 && rpm != _requests?.Limit)
                {
                    Retire(_requests);
                    _requests = Bucket(rpm);
                }

                if (_configuredTokens <= 0 && seen.LimitTokens is { } tpm and > 0 && tpm != _tokens?.Limit)
                {
                    Retire(_tokens);
                    _tokens = Bucket(tpm);
                }
            }
        }

        var waits = new[] { seen.RemainingRequests == 0 ? seen.ResetRequests : null, seen.RemainingTokens == 0 ? seen.ResetTokens : null };
        if (waits.Max() is { } wait && wait > TimeSpan.Zero)
        {
            Pause(wait, rateLimited: false);
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

    // A replaced bucket may still have callers queued on it: it is disposed with the pacer, not now.
    private void Retire(Paced? old)
    {
        if (old is not null)
        {
            _retired.Add(old);
        }
    }

    /// <summary>The bucket's limit is the per-minute figure, so a changed announcement is seen as a change.</summary>
    private static Paced? Bucket(int perMinute)
    {
        if (perMinute <= 0)
        {
            return null;
        }

        var rate = perMinute * 0.99 / 60_000.0; // permits per millisecond, 1% under the limit
        var perPeriod = Math.Max(1, (int)Math.Round(rate * 100));
        var burst = Math.Max(perPeriod, perMinute / 60);
        return new Paced(new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = burst,
            TokensPerPeriod = perPeriod,
            ReplenishmentPeriod = TimeSpan.FromMilliseconds(perPeriod / rate),
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        }), perMinute, burst);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var paced in _retired.Append(_requests).Append(_tokens))
        {
            if (paced is not null)
            {
                await paced.Bucket.DisposeAsync();
            }
        }
    }
}
