namespace Appliance.Collectors;

public enum MetricType
{
    Gauge,
    Counter,
}

/// <summary>
/// One sample. Labels are kept as the key/value pairs <c>System.Diagnostics.Metrics</c> takes, so the
/// exposition can hand them over without copying each scrape.
/// </summary>
public readonly record struct MetricSample(double Value, KeyValuePair<string, object?>[] Labels);

/// <summary>All samples of one metric name, with node_exporter's name, type and help text.</summary>
public sealed class MetricFamily(string name, string help, MetricType type)
{
    public string Name { get; } = name;

    public string Help { get; } = help;

    public MetricType Type { get; } = type;

    public List<MetricSample> Samples { get; } = [];
}

public static class Label
{
    public static KeyValuePair<string, object?> Of(string name, string value) => new(name, value);
}
