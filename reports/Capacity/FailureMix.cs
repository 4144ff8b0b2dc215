namespace Appliance.Reports.Capacity;

/// <summary>
/// How fetches end and how long each kind holds a slot: successes, fast failures (404, refused, reset, DNS:
/// well under a second) and slow failures (timeouts, slow drips: up to <c>Scrape:RequestTimeoutMs</c>).
/// Shares are of fetches (distinct URLs), each in [0, 1], fast + slow ≤ 1.
/// </summary>
public sealed record FailureMix(double SuccessSeconds, double FastShare, double FastSeconds, double SlowShare, double SlowSeconds)
{
    /// <summary>Mean seconds a fetch holds its slot: with a latency-bound stage, rate = concurrency ÷ this (Little's law).</summary>
    public double MeanSeconds => (1 - FastShare - SlowShare) * SuccessSeconds + FastShare * FastSeconds + SlowShare * SlowSeconds;

    public void Validate()
    {
        if (!(FastShare >= 0) || !(SlowShare >= 0) || FastShare + SlowShare > 1 + 1e-9)
        {
            throw new ArgumentOutOfRangeException(nameof(FastShare), "Failure shares must be in [0, 1] and add up to at most 1.");
        }

        if (!(SuccessSeconds >= 0) || !(FastSeconds >= 0) || !(SlowSeconds >= 0) || !(MeanSeconds > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(SuccessSeconds), "Fetch durations must be non-negative with a positive mean.");
        }
    }
}
