namespace Appliance.Lab;

/// <summary>One bucket's state as the <c>x-ratelimit-*</c> headers report it.</summary>
internal readonly record struct LabLlmBucketState(int Limit, long Remaining, TimeSpan Reset);

/// <summary>
/// The answer to one request: admitted or not, by which bucket (<c>requests</c> or <c>tokens</c>),
/// how long until it would pass, and each enabled bucket's state for the headers.
/// </summary>
internal readonly record struct LabLlmRateDecision(bool Allowed, string? LimitedBy, TimeSpan RetryAfter, LabLlmBucketState? Requests, LabLlmBucketState? Tokens);

/// <summary>
/// The lab LLM's rate limits, as providers enforce them: a requests bucket and a tokens bucket,
/// each holding 10 seconds' worth of its per-minute limit, refilled continuously at limit/60 per
/// second and starting full. A request is charged on arrival, on both buckets or neither, so a
/// client paced at or under the limits never sees a 429.
/// </summary>
internal sealed class LabLlmRateLimiter(int requestsPerMinute, int tokensPerMinute, TimeProvider time)
{
    private readonly Lock gate = new();
    private readonly Bucket? requests = requestsPerMinute > 0 ? new Bucket(requestsPerMinute, time.GetTimestamp()) : null;
    private readonly Bucket? tokens = tokensPerMinute > 0 ? new Bucket(tokensPerMinute, time.GetTimestamp()) : null;

    public LabLlmRateDecision TryAcquire(int tokenCost)
    {
        lock (gate)
        {
            var now = time.GetTimestamp();
            requests?.Refill(now, time);
            tokens?.Refill(now, time);
            var requestWait = requests?.Wait(1) ?? TimeSpan.Zero;
            var tokenWait = tokens?.Wait(tokenCost) ?? TimeSpan.Zero;
            var allowed = requestWait == TimeSpan.Zero && tokenWait == TimeSpan.Zero;
            if (allowed)
            {
                requests?.Take(1);
                tokens?.Take(tokenCost);
            }

            var limitedBy = allowed ? null : requestWait > TimeSpan.Zero ? "requests" : "tokens";
            return new LabLlmRateDecision(allowed, limitedBy, requestWait > tokenWait ? requestWait : tokenWait, requests?.State(), tokens?.State());
        }
    }

    private sealed class Bucket(int perMinute, long stamp)
    {
        private const double Tolerance = 1e-6;

        // At least one whole request fits, or a limit under 6/min would refuse everything.
        private readonly double capacity = Math.Max(perMinute / 6.0, 1);
        private readonly double perSecond = perMinute / 60.0;
        private double level = Math.Max(perMinute / 6.0, 1);

        public void Refill(long now, TimeProvider time)
        {
            level = Math.Min(capacity, level + time.GetElapsedTime(stamp, now).TotalSeconds * perSecond);
            stamp = now;
        }

        /// <summary>
        /// Zero when <paramref name="amount"/> is there; else the time until it is (or, for more than the
        /// bucket holds, until it is full). The tolerance lets a client that waits exactly that long pass
        /// despite floating-point rounding.
        /// </summary>
        public TimeSpan Wait(double amount) =>
            amount <= level + Tolerance ? TimeSpan.Zero : TimeSpan.FromTicks(Math.Max(1, (long)Math.Round((Math.Min(amount, capacity) - level) / perSecond * TimeSpan.TicksPerSecond)));

        public void Take(double amount) => level -= amount;

        public LabLlmBucketState State() => new(perMinute, (long)Math.Floor(level), TimeSpan.FromSeconds((capacity - level) / perSecond));
    }
}
