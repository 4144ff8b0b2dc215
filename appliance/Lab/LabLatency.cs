namespace Appliance.Lab;

/// <summary>
/// Added latency per request: lognormal with the configured median m and 95th percentile p, so
/// sigma = ln(p / m) / z(0.95), z(0.95) = 1.6449 (the standard normal quantile), capped at the
/// configured maximum. A zero median means no delay at all, and no timer.
/// </summary>
internal sealed class LabLatency(double medianMs, double p95Ms, double maxMs)
{
    private const double Z95 = 1.6448536269514722;

    private readonly double sigma = medianMs > 0 && p95Ms > medianMs ? Math.Log(p95Ms / medianMs) / Z95 : 0;

    /// <summary>The web's latency (<c>Lab:LatencyMedianMs</c>…).</summary>
    public LabLatency(LabOptions options)
        : this(options.LatencyMedianMs, options.LatencyP95Ms, options.LatencyMaxMs)
    {
    }

    public bool Enabled => medianMs > 0;

    public TimeSpan Sample(Random random)
    {
        if (!Enabled)
        {
            return TimeSpan.Zero;
        }

        var z = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        return TimeSpan.FromMilliseconds(Math.Min(medianMs * Math.Exp(sigma * z), maxMs));
    }
}
