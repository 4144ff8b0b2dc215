namespace Appliance.Collectors;

/// <summary>node_exporter's loadavg collector: <c>node_load1</c>, <c>node_load5</c>, <c>node_load15</c>.</summary>
public sealed class LoadAverageCollector(HostSources sources) : ICollector
{
    public string Name => "loadavg";

    public void Collect(MetricWriter writer)
    {
        var text = ProcFile.Read(sources.Proc("loadavg"));
        if (!LoadAverage.TryParse(text, out var load))
        {
            throw new FormatException($"unexpected /proc/loadavg: {text.Trim()}");
        }

        writer.Gauge("node_load1", "1m load average.", load.Load1);
        writer.Gauge("node_load5", "5m load average.", load.Load5);
        writer.Gauge("node_load15", "15m load average.", load.Load15);
    }
}
