namespace Appliance.Collectors;

/// <summary>
/// Where collectors write samples during one collection cycle. Families keep the order in which
/// they were first written; a mark taken before a collector runs lets the cycle drop everything
/// that collector wrote if it then fails, so a half-read interface never reaches a scrape.
/// </summary>
public sealed class MetricWriter
{
    private readonly List<MetricFamily> _families = [];
    private readonly Dictionary<string, MetricFamily> _byName = new(StringComparer.Ordinal);
    private readonly List<MetricFamily> _writes = [];

    private static readonly KeyValuePair<string, object?>[] NoLabels = [];

    public void Gauge(string name, string help, double value, params KeyValuePair<string, object?>[] labels) =>
        Add(MetricType.Gauge, name, help, value, labels);

    public void Counter(string name, string help, double value, params KeyValuePair<string, object?>[] labels) =>
        Add(MetricType.Counter, name, help, value, labels);

    public int Mark() => _writes.Count;

    public void RollbackTo(int mark)
    {
        for (var i = _writes.Count - 1; i >= mark; i--)
        {
            var family = _writes[i];
            family.Samples.RemoveAt(family.Samples.Count - 1);
        }

        _writes.RemoveRange(mark, _writes.Count - mark);
    }

    /// <summary>The families written so far that still hold samples.</summary>
    public IReadOnlyList<MetricFamily> Families() => _families.Where(f => f.Samples.Count > 0).ToList();

    private void Add(MetricType type, string name, string help, double value, KeyValuePair<string, object?>[] labels)
    {
        if (!_byName.TryGetValue(name, out var family))
        {
            family = new MetricFamily(name, help, type);
            _byName.Add(name, family);
            _families.Add(family);
        }
        else if (family.Type != type)
        {
            throw new InvalidOperationException($"{name} was written as a {family.Type} and then as a {type}.");
        }

        family.Samples.Add(new MetricSample(value, labels.Length == 0 ? NoLabels : labels));
        _writes.Add(family);
    }
}
