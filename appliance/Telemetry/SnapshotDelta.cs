using Appliance.Collectors;

namespace Appliance.Telemetry;

/// <summary>Differences of host series between two snapshots, summed over the samples a filter picks.</summary>
public readonly struct SnapshotDelta(HostSnapshot previous, HostSnapshot current)
{
    public static double Sum(HostSnapshot s, string name, Func<MetricSample, bool>? where = null)
    {
        var family = s.Find(name);
        if (family is null)
        {
            return double.NaN;
        }

        var total = 0.0;
        foreach (var sample in family.Samples)
        {
            if (where is null || where(sample))
            {
                total += sample.Value;
            }
        }

        return total;
    }

    public double Of(string name, Func<MetricSample, bool>? where = null) => Sum(current, name, where) - Sum(previous, name, where);

    public static Func<MetricSample, bool> Where(string label, string value) =>
        s => s.Labels.Any(l => l.Key == label && (string?)l.Value == value);
}
