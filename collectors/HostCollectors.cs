namespace Appliance.Collectors;

/// <summary>The collectors the appliance runs, written out in one place, in exposition order.</summary>
public static class HostCollectors
{
    public static IReadOnlyList<ICollector> Create(HostSources sources) =>
    [
        new CpuCollector(sources),
        new DiskStatsCollector(sources),
        new FilesystemCollector(sources),
        new LoadAverageCollector(sources),
        new MemoryCollector(sources),
        new NetDevCollector(sources),
        new PressureCollector(sources),
        new StatCollector(sources),
        new ProcessCollector(sources),
    ];
}
