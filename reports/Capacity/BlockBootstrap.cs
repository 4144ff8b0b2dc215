namespace Appliance.Reports.Capacity;

/// <summary>
/// Moving-block bootstrap of a ratio of sums (Künsch 1989; Efron &amp; Tibshirani, <i>An Introduction to the
/// Bootstrap</i>, ch. 8.6): resamples runs of consecutive intervals so that the autocorrelation of 1 s
/// counts (work arrives in chunks, writes in batches) survives, and reads the 5th and 95th percentiles.
/// The generator is seeded, so the same samples always give the same interval.
/// </summary>
internal static class BlockBootstrap
{
    public const int Seed = 20_240_601;
    public const int Resamples = 2000;

    /// <summary>90% percentile interval of Σnumerator/Σdenominator over resampled blocks.</summary>
    public static (double Low, double High) RatioInterval(IReadOnlyList<double> numerator, IReadOnlyList<double> denominator)
    {
        var n = numerator.Count;
        var block = Math.Max(2, (int)Math.Ceiling(Math.Cbrt(n)));
        block = Math.Min(block, n);
        var starts = n - block + 1;
        var random = new Random(Seed);
        var ratios = new double[Resamples];
        for (var r = 0; r < Resamples; r++)
        {
            double num = 0, den = 0;
            for (var taken = 0; taken < n; taken += block)
            {
                var start = random.Next(starts);
                for (var i = start; i < start + block && taken + (i - start) < n; i++)
                {
                    num += numerator[i];
                    den += denominator[i];
                }
            }

            ratios[r] = den > 0 ? num / den : 0;
        }

        Array.Sort(ratios);
        return (ratios[(int)(0.05 * (Resamples - 1))], ratios[(int)Math.Ceiling(0.95 * (Resamples - 1))]);
    }
}
