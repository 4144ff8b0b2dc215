namespace Appliance.Reports.Report;

/// <summary>Minimum, mean and maximum of a series, ignoring missing samples; null when nothing was measured.</summary>
public sealed record SeriesStats(double Min, double Mean, double Max, int Count)
{
    public static SeriesStats? Of(IEnumerable<double?> values)
    {
        var present = values.Where(v => v is { } x && double.IsFinite(x)).Select(v => v!.Value).ToList();
        return present.Count == 0 ? null : new SeriesStats(present.Min(), present.Average(), present.Max(), present.Count);
    }
}
