namespace Appliance.Collectors;

/// <summary>node_exporter's meminfo collector: one gauge per <c>/proc/meminfo</c> field, e.g. <c>node_memory_MemAvailable_bytes</c>.</summary>
public sealed class MemoryCollector(HostSources sources) : ICollector
{
    public string Name => "meminfo";

    public void Collect(MetricWriter writer)
    {
        foreach (var field in MemInfo.Parse(ProcFile.Read(sources.Proc("meminfo"))))
        {
            writer.Gauge("node_memory_" + field.Name, "Memory information field " + field.Name + ".", field.Value);
        }
    }
}
