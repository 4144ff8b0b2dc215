namespace Appliance.Lab;

/// <summary>
/// Added latency per request: lognormal with the configured median m and 95th percentile p, so
/// sigma = ln(p / m) / z(0.95), z(0.95) = 1.6449 (the standard normal quantile), capped at the
/// configured maximum. A zero median means no delay at all, and no timer.
/// </summary>
internal sealed class LabLatency(LabOptions options)
{
    private const double Z95 = 1.6448536269514722;

    private readonly double sigma = options.LatencyMedianMs > 0 && options.LatencyP95Ms > options.LatencyMedianMs
        ? Math.Log(options.LatencyP95Ms / options.LatencyMedianMs) / Z95
        : 0;

    public bool Enabled => options.LatencyMedianMs > 0;

    public TimeSpan Sample(Random random)
    {
        if (!Enabled)
        {
            return TimeSpan.Zero;
        }

        var z = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        return TimeSpan.FromMilliseconds(Math.Min(options.LatencyMedianMs * Math.Exp(sigma * z), options.LatencyMaxMs));
    }
}
