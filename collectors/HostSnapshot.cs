namespace Appliance.Collectors;

/// <summary>How one collector fared in a cycle.</summary>
public readonly record struct CollectorResult(string Name, bool Success, double Seconds, string? Error);

/// <summary>Everything one collection cycle produced, immutable once built; readers share it freely.</summary>
public sealed class HostSnapshot(DateTimeOffset takenAt, long timestamp, IReadOnlyList<MetricFamily> families, IReadOnlyList<CollectorResult> results)
{
    private Dictionary<string, MetricFamily>? _byName;

    public DateTimeOffset TakenAt { get; } = takenAt;

    /// <summary>The <see cref="TimeProvider.GetTimestamp"/> the cycle started at, for rates between snapshots.</summary>
    public long Timestamp { get; } = timestamp;

    public IReadOnlyList<MetricFamily> Families { get; } = families;

    public IReadOnlyList<CollectorResult> Results { get; } = results;

    public MetricFamily? Find(string name)
    {
        _byName ??= Families.ToDictionary(f => f.Name, StringComparer.Ordinal);
        return _byName.GetValueOrDefault(name);
    }

    /// <summary>The value of a series without labels, or of the one whose labels all match.</summary>
    public double? Value(string name, params (string Name, string Value)[] labels)
    {
        var family = Find(name);
        if (family is null)
        {
            return null;
        }

        foreach (var s in family.Samples)
        {
            if (labels.All(l => s.Labels.Any(x => x.Key == l.Name && (string?)x.Value == l.Value)))
            {
                return s.Value;
            }
        }

        return null;
    }
}
