namespace Appliance.Collectors.Tests.Support;

/// <summary>Runs one collector into a fresh writer and reads series back by name and labels.</summary>
public sealed class Collect
{
    private readonly Dictionary<string, MetricFamily> _families;

    private Collect(IEnumerable<MetricFamily> families) => _families = families.ToDictionary(f => f.Name);

    public static Collect From(ICollector collector)
    {
        var writer = new MetricWriter();
        collector.Collect(writer);
        return new Collect(writer.Families());
    }

    public IReadOnlyCollection<string> Names => _families.Keys;

    public MetricFamily Family(string name) => _families[name];

    public double Value(string name, params (string Name, string Value)[] labels) =>
        _families[name].Samples.Single(s => labels.All(l => s.Labels.Contains(new KeyValuePair<string, object?>(l.Name, l.Value)))).Value;

    public IEnumerable<string> LabelValues(string name, string label) =>
        _families[name].Samples.Select(s => (string)s.Labels.Single(l => l.Key == label).Value!);
}
