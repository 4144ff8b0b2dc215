using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace Appliance.Reports.Capacity;

/// <summary>
/// Least-squares fit of the USL with Math.NET's bounded Levenberg–Marquardt (σ ∈ [0, 1], κ ∈ [0, 1], λ &gt; 0),
/// the way Schwartz fits it with R's <c>nls</c>. Throughput is scaled to its maximum first so the three
/// parameters are of comparable size, and a few starting points are tried because the surface is flat
/// along κ when the sweep stops short of the peak; the best converged fit wins.
/// </summary>
internal static class UslFit
{
    private static readonly (double Sigma, double Kappa)[] Starts = [(0.05, 1e-4), (0.01, 1e-2), (0.3, 1e-3), (0.5, 1e-6), (1e-4, 1e-8)];

    public static (double Sigma, double Kappa, double Lambda, double RSquared) Run(IReadOnlyList<ConcurrencyPoint> points)
    {
        Validate(points);
        var scale = points.Max(p => p.Throughput);
        var x = Vector<double>.Build.DenseOfEnumerable(points.Select(p => p.Concurrency));
        var y = Vector<double>.Build.DenseOfEnumerable(points.Select(p => p.Throughput / scale));
        var lambdaStart = points.OrderBy(p => p.Concurrency).First() is var first ? first.Throughput / first.Concurrency / scale : 1;
        var lambdaMax = 100 * points.Max(p => p.Throughput / p.Concurrency) / scale;

        (Vector<double> P, double Sse)? best = null;
        foreach (var (sigma, kappa) in Starts)
        {
            var objective = ObjectiveFunction.NonlinearModel(Model, Jacobian, x, y);
            var start = Vector<double>.Build.Dense([sigma, kappa, Math.Clamp(lambdaStart, 1e-9, lambdaMax / 2)]);
            var lower = Vector<double>.Build.Dense([0, 0, 1e-12]);
            var upper = Vector<double>.Build.Dense([1, 1, lambdaMax]);
            NonlinearMinimizationResult result;
            try
            {
                result = new LevenbergMarquardtMinimizer(maximumIterations: 2000).FindMinimum(objective, start, lower, upper);
            }
            catch (Exception e) when (e is ArithmeticException or ArgumentException or MaximumIterationsException)
            {
                continue;
            }

            var p = result.MinimizingPoint;
            if (result.ReasonForExit is ExitCondition.InvalidValues or ExitCondition.ExceedIterations || p.Any(v => !double.IsFinite(v)))
            {
                continue;
            }

            var sse = (Model(p, x) - y).PointwisePower(2).Sum();
            if (double.IsFinite(sse) && (best is null || sse < best.Value.Sse))
            {
                best = (p, sse);
            }
        }

        // A nearly linear sweep (an I/O-bound stage far from saturation) sits on the σ = κ = 0 corner, where the
        // bounded minimiser can stop without reporting convergence: fall back to Gunther's linearisation
        // N/X(N) = (1 − σ)/λ + (σ − κ)/λ·N + κ/λ·N², a quadratic fitted by ordinary least squares.
        if (best is null && Linearised(points, scale) is { } lin)
        {
            best = (lin, (Model(lin, x) - y).PointwisePower(2).Sum());
        }

        if (best is not { } fit)
        {
            throw new UslFitException($"The USL fit did not converge on {points.Count} points; check the sweep for outliers or a stage that was not saturated.");
        }

        var mean = y.Average();
        var sst = y.Sum(v => (v - mean) * (v - mean));
        var (s, k, l) = (fit.P[0], fit.P[1], fit.P[2] * scale);
        var r2 = 1 - fit.Sse / sst;
        if (!double.IsFinite(s + k + l + r2) || l <= 0)
        {
            throw new UslFitException($"The USL fit gave non-finite coefficients (σ={s}, κ={k}, λ={l}).");
        }

        return (s, k, l, r2);
    }

    private static Vector<double>? Linearised(IReadOnlyList<ConcurrencyPoint> points, double scale)
    {
        var n = points.Select(p => p.Concurrency).ToArray();
        var ratio = points.Select(p => p.Concurrency / (p.Throughput / scale)).ToArray();
        double[] c;
        try
        {
            c = MathNet.Numerics.Fit.Polynomial(n, ratio, 2);
        }
        catch (ArgumentException)
        {
            return null;
        }

        var inverseLambda = c[0] + c[1] + c[2];
        if (!(inverseLambda > 0))
        {
            return null;
        }

        var lambda = 1 / inverseLambda;
        var kappa = Math.Clamp(c[2] * lambda, 0, 1);
        var sigma = Math.Clamp((c[1] + c[2]) * lambda, 0, 1);
        var p = Vector<double>.Build.Dense([sigma, kappa, lambda]);
        return p.All(double.IsFinite) ? p : null;
    }

    private static void Validate(IReadOnlyList<ConcurrencyPoint> points)
    {
        if (points.Count < UslModel.MinimumPoints)
        {
            throw new UslFitException($"The USL needs at least {UslModel.MinimumPoints} measured points; got {points.Count}. Sweep more concurrency levels.");
        }

        if (points.Any(p => !(p.Concurrency > 0) || !(p.Throughput > 0) || !double.IsFinite(p.Concurrency) || !double.IsFinite(p.Throughput)))
        {
            throw new UslFitException("Every point needs a positive finite concurrency and throughput.");
        }

        if (points.Select(p => p.Concurrency).Distinct().Count() < 3)
        {
            throw new UslFitException("The points cover fewer than 3 distinct concurrency levels: σ, κ and λ cannot be told apart.");
        }

        var min = points.Min(p => p.Throughput);
        var max = points.Max(p => p.Throughput);
        if (max - min <= 1e-9 * max)
        {
            throw new UslFitException("Throughput is the same at every concurrency level: the stage is limited by something concurrency does not change, and the USL says nothing more.");
        }
    }

    private static Vector<double> Model(Vector<double> p, Vector<double> x) =>
        x.Map(n => p[2] * n / (1 + p[0] * (n - 1) + p[1] * n * (n - 1)));

    private static Matrix<double> Jacobian(Vector<double> p, Vector<double> x)
    {
        var j = Matrix<double>.Build.Dense(x.Count, 3);
        for (var i = 0; i < x.Count; i++)
        {
            var n = x[i];
            var d = 1 + p[0] * (n - 1) + p[1] * n * (n - 1);
            j[i, 0] = -p[2] * n * (n - 1) / (d * d);
            j[i, 1] = -p[2] * n * n * (n - 1) / (d * d);
            j[i, 2] = n / d;
        }

        return j;
    }
}
