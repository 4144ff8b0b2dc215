namespace Appliance.Lab;

/// <summary>
/// A small deterministic generator (SplitMix64, Steele, Lea and Flood, "Fast splittable
/// pseudorandom number generators", OOPSLA 2014) keyed by seed, site index and stream. Unlike
/// <see cref="Random"/> it can be opened at any site in O(1), so site 1,000,000 costs what site 0
/// does, and separate streams keep a site's fault independent of its page content.
/// </summary>
internal sealed class LabRandom(int seed, int index, LabRandom.Stream stream)
{
    public enum Stream : ulong { Fault = 1, Identity = 2, Site = 3, Render = 4, Llm = 5, Batch = 6 }

    private const ulong Golden = 0x9E3779B97F4A7C15;

    private ulong state = Mix(Mix((ulong)(uint)seed * Golden + (ulong)stream) ^ ((ulong)(uint)index * 0xD1B54A32D192ED03));

    public ulong NextUInt64()
    {
        state += Golden;
        return Mix(state);
    }

    /// <summary>Uniform in [0, <paramref name="n"/>); the modulo bias is below 2^-31 for the sizes used here.</summary>
    public int Next(int n) => (int)((NextUInt64() >> 1) % (ulong)n);

    public int Next(int min, int maxExclusive) => min + Next(maxExclusive - min);

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    public bool Chance(double p) => NextDouble() < p;

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];

    /// <summary>A standard normal draw (Box–Muller).</summary>
    public double NextGaussian() => Math.Sqrt(-2 * Math.Log(1 - NextDouble())) * Math.Cos(2 * Math.PI * NextDouble());

    /// <summary>Lognormal around <paramref name="median"/>, clamped: page sizes that cluster but keep a tail.</summary>
    public int LogNormal(double median, double sigma, int min, int max) =>
        (int)Math.Clamp(median * Math.Exp(sigma * NextGaussian()), min, max);

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }
}
