namespace Appliance.Reports.Capacity;

/// <summary>One value of a service-time distribution: <paramref name="Count"/> items that each held a slot for <paramref name="Seconds"/>.</summary>
public readonly record struct ServicePoint(double Seconds, double Count);

/// <summary>
/// A stage's per-item service times as a weighted distribution (from a latency histogram, a quantile sketch or the
/// items themselves), kept whole rather than as a rate, because the drain depends on its tail: when the queue
/// empties, the run waits for the longest of the items still in flight, and a slot is more likely to hold a long
/// item than a short one (length-biased sampling).
/// </summary>
public sealed class ServiceTimes
{
    private readonly ServicePoint[] _points;

    public ServiceTimes(IEnumerable<ServicePoint> points)
    {
        _points = [.. points.Where(p => p.Count > 0).OrderBy(p => p.Seconds)];
        if (_points.Any(p => !(p.Seconds >= 0) || double.IsInfinity(p.Seconds)))
        {
            throw new ArgumentOutOfRangeException(nameof(points), "service times must be finite and non-negative");
        }
    }

    public IReadOnlyList<ServicePoint> Points => _points;

    public double Count => _points.Sum(p => p.Count);

    public double Mean => Count > 0 ? _points.Sum(p => p.Seconds * p.Count) / Count : 0;

    public double Max => _points.Length > 0 ? _points[^1].Seconds : 0;

    /// <summary>The smallest service time with at least share <paramref name="q"/> of the items at or below it.</summary>
    public double Quantile(double q)
    {
        var target = Math.Clamp(q, 0, 1) * Count;
        double seen = 0;
        foreach (var p in _points)
        {
            seen += p.Count;
            if (seen >= target)
            {
                return p.Seconds;
            }
        }

        return Max;
    }

    /// <summary>
    /// Expected seconds from the moment the queue empties until the last of <paramref name="inFlight"/> busy slots frees:
    /// E[max of the residuals]. In steady state a slot holds an item of length s with probability ∝ s × count (length
    /// bias) and has a uniform share of it left, so one slot's residual R has P(R ≤ r) = Σ wᵢ min(1, r ÷ sᵢ) with
    /// wᵢ = sᵢ nᵢ ÷ Σ sⱼ nⱼ; with the slots independent, E[max] = ∫₀^max (1 − P(R ≤ r)^k) dr (numerically).
    /// </summary>
    public double ExpectedMaxResidual(double inFlight)
    {
        var total = _points.Sum(p => p.Seconds * p.Count);
        if (!(total > 0) || !(inFlight >= 1))
        {
            return 0;
        }

        double Cdf(double r)
        {
            double f = 0;
            foreach (var p in _points)
            {
                f += p.Seconds * p.Count / total * (p.Seconds > 0 ? Math.Min(1, r / p.Seconds) : 1);
            }

            return Math.Min(1, f);
        }

        const int Steps = 2000;
        var step = Max / Steps;
        double sum = 0;
        for (var i = 0; i < Steps; i++)
        {
            sum += (1 - Math.Pow(Cdf((i + 0.5) * step), inFlight)) * step;
        }

        return sum;
    }

    /// <summary>
    /// From a latency histogram (count per upper bound, in seconds; each bucket's items at the geometric middle of its
    /// bounds), with the timeouts — whose length the run knows exactly — taken out of their bucket and put at their own mean.
    /// </summary>
    public static ServiceTimes FromHistogram(IEnumerable<(double UpperSeconds, long Count)> buckets, long slowCount = 0, double slowSeconds = 0)
    {
        var points = new List<ServicePoint>();
        double lower = 0;
        foreach (var (upper, count) in buckets.OrderBy(b => b.UpperSeconds))
        {
            var top = double.IsPositiveInfinity(upper) ? Math.Max(lower * 2, slowSeconds) : upper;
            var middle = lower > 0 ? Math.Sqrt(lower * top) : top / 2;
            points.Add(new ServicePoint(middle, count));
            lower = top;
        }

        var left = (double)Math.Max(0, slowCount);
        if (left > 0)
        {
            // Timeouts sit in the highest buckets: take them out from the top down.
            for (var i = points.Count - 1; i >= 0 && left > 0; i--)
            {
                var take = Math.Min(points[i].Count, left);
                points[i] = points[i] with { Count = points[i].Count - take };
                left -= take;
            }

            points.Add(new ServicePoint(slowSeconds, slowCount));
        }

        return new ServiceTimes(points);
    }
}
