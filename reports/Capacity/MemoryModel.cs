namespace Appliance.Reports.Capacity;

/// <summary>
/// Resident memory as a straight line in items in flight: base + per item × in flight, fitted by least squares
/// over a run's samples (rss against scrape + generate in flight). A run that never varied its in-flight count
/// can only give a base, with 0 per item.
/// </summary>
public sealed record MemoryModel(double BaseBytes, double BytesPerInFlight)
{
    public double BytesAt(double inFlight) => BaseBytes + BytesPerInFlight * Math.Max(0, inFlight);

    public static MemoryModel Fit(IReadOnlyList<(double InFlight, double RssBytes)> samples)
    {
        if (samples.Count == 0)
        {
            throw new ArgumentException("A memory model needs at least one sample.", nameof(samples));
        }

        var x = samples.Select(s => s.InFlight).ToArray();
        var y = samples.Select(s => s.RssBytes).ToArray();
        if (x.Distinct().Count() < 2)
        {
            return new MemoryModel(y.Average(), 0);
        }

        var (intercept, slope) = MathNet.Numerics.Fit.Line(x, y);
        // A negative slope is noise (GC timing), not memory returned per extra item: keep the average instead.
        return slope > 0 && double.IsFinite(intercept + slope) ? new MemoryModel(Math.Max(0, intercept), slope) : new MemoryModel(y.Average(), 0);
    }
}
