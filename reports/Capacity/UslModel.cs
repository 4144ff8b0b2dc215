namespace Appliance.Reports.Capacity;

/// <summary>
/// Gunther's Universal Scalability Law: X(N) = λN / (1 + σ(N−1) + κN(N−1)), where σ is contention
/// (the serial share), κ crosstalk (coherency cost per pair of workers) and λ the throughput of one worker.
/// Sources: N. J. Gunther, <i>Guerrilla Capacity Planning</i> (2007); B. Schwartz, <i>Practical Scalability
/// Analysis with the Universal Scalability Law</i> (VividCortex, 2015), equations 3 (throughput) and 4 (peak).
/// </summary>
public sealed class UslModel
{
    /// <summary>Three coefficients need at least twice as many points to say anything (as usl4j requires).</summary>
    public const int MinimumPoints = 6;

    /// <summary>Below this κ the retrograde region is too far out to name: the curve has no peak worth quoting.</summary>
    public const double NegligibleKappa = 1e-9;

    private UslModel(double sigma, double kappa, double lambda, double rSquared, int pointCount, double maxMeasured)
    {
        Sigma = sigma;
        Kappa = kappa;
        Lambda = lambda;
        RSquared = rSquared;
        PointCount = pointCount;
        MaxMeasuredConcurrency = maxMeasured;
    }

    public double Sigma { get; }

    public double Kappa { get; }

    public double Lambda { get; }

    /// <summary>Share of the throughput's variance the curve explains (1 − SSE/SST); 0 for a model built from coefficients.</summary>
    public double RSquared { get; }

    public int PointCount { get; }

    /// <summary>The largest concurrency measured: past it a curve without a peak is extrapolation.</summary>
    public double MaxMeasuredConcurrency { get; }

    /// <summary>False when κ is negligible (or σ ≥ 1): throughput then only flattens out, towards λ/σ.</summary>
    public bool HasPeak => Kappa > NegligibleKappa && Sigma < 1;

    /// <summary>N at the top of the curve, √((1−σ)/κ) (Schwartz, eq. 4); null when <see cref="HasPeak"/> is false.</summary>
    public double? PeakConcurrency => HasPeak ? Math.Sqrt((1 - Sigma) / Kappa) : null;

    /// <summary>X at <see cref="PeakConcurrency"/>; null when there is no peak.</summary>
    public double? PeakThroughput => PeakConcurrency is { } n ? ThroughputAt(n) : null;

    /// <summary>A model from known coefficients (no measurements: <see cref="RSquared"/> and <see cref="PointCount"/> are 0).</summary>
    public static UslModel Of(double sigma, double kappa, double lambda, double maxMeasuredConcurrency = 1)
    {
        if (!(sigma >= 0) || !(kappa >= 0) || !(lambda > 0) || !double.IsFinite(sigma + kappa + lambda))
        {
            throw new ArgumentOutOfRangeException(nameof(sigma), "USL coefficients must be finite with σ ≥ 0, κ ≥ 0 and λ > 0.");
        }

        return new UslModel(sigma, kappa, lambda, 0, 0, Math.Max(1, maxMeasuredConcurrency));
    }

    /// <summary>Fits σ, κ, λ by bounded non-linear least squares; see <see cref="UslFit"/>.</summary>
    /// <exception cref="UslFitException">Fewer than 6 points, degenerate data, or no convergence.</exception>
    public static UslModel Fit(IReadOnlyList<ConcurrencyPoint> points)
    {
        var (sigma, kappa, lambda, rSquared) = UslFit.Run(points);
        return new UslModel(sigma, kappa, lambda, rSquared, points.Count, points.Max(p => p.Concurrency));
    }

    /// <summary>Predicted throughput at concurrency <paramref name="n"/> (Schwartz, eq. 3).</summary>
    public double ThroughputAt(double n)
    {
        if (!(n > 0) || !double.IsFinite(n))
        {
            throw new ArgumentOutOfRangeException(nameof(n), n, "Concurrency must be a positive finite number.");
        }

        return Lambda * n / (1 + Sigma * (n - 1) + Kappa * n * (n - 1));
    }

    /// <summary>
    /// The smallest whole concurrency whose predicted throughput reaches <paramref name="share"/> of the best
    /// the model predicts up to a limit: the peak when it lies within the sweep, else the largest concurrency
    /// measured (a curve is not trusted beyond the sweep, peak or no peak). Past that point more concurrency buys at most
    /// the remaining few percent and costs memory, connections and latency.
    /// </summary>
    public int RecommendedConcurrency(double share = 0.95)
    {
        if (!(share > 0 && share <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(share), share, "The share of peak throughput must be in (0, 1].");
        }

        var limit = Math.Min(PeakConcurrency ?? MaxMeasuredConcurrency, MaxMeasuredConcurrency);
        var target = share * ThroughputAt(limit);
        var top = Math.Max(1, (int)Math.Ceiling(limit));
        for (var n = 1; n < top; n++)
        {
            if (ThroughputAt(n) >= target)
            {
                return n;
            }
        }

        return top;
    }

    public override string ToString() =>
        FormattableString.Invariant($"USL σ={Sigma:G4} κ={Kappa:G4} λ={Lambda:G6} R²={RSquared:F4} ({PointCount} points)");
}
