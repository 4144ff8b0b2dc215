namespace Appliance.Collectors;

/// <summary>node_exporter's stat collector: context switches, interrupts, forks, boot time, runnable and blocked processes.</summary>
public sealed class StatCollector(HostSources sources) : ICollector
{
    public string Name => "stat";

    public void Collect(MetricWriter writer)
    {
        var stat = ProcStat.Parse(ProcFile.Read(sources.Proc("stat")));
        writer.Gauge("node_boot_time_seconds", "Node boot time, in unixtime.", stat.BootTime);
        writer.Counter("node_context_switches_total", "Total number of context switches.", stat.ContextSwitches);
        writer.Counter("node_forks_total", "Total number of forks.", stat.Forks);
        writer.Counter("node_intr_total", "Total number of interrupts serviced.", stat.Interrupts);
        writer.Gauge("node_procs_blocked", "Number of processes blocked waiting for I/O to complete.", stat.ProcsBlocked);
        writer.Gauge("node_procs_running", "Number of processes in runnable state.", stat.ProcsRunning);
    }
}
