namespace Appliance.Collectors;

/// <summary>node_exporter's cpu collector: <c>node_cpu_seconds_total{cpu,mode}</c> and the guest times.</summary>
public sealed class CpuCollector(HostSources sources) : ICollector
{
    private const string SecondsHelp = "Seconds the CPUs spent in each mode.";
    private const string GuestHelp = "Seconds the CPUs spent in guests (VMs) for each mode.";

    public string Name => "cpu";

    public void Collect(MetricWriter writer)
    {
        var stat = ProcStat.Parse(ProcFile.Read(sources.Proc("stat")));
        foreach (var c in stat.Cpus)
        {
            Mode(writer, c.Cpu, "idle", c.Idle);
            Mode(writer, c.Cpu, "iowait", c.IoWait);
            Mode(writer, c.Cpu, "irq", c.Irq);
            Mode(writer, c.Cpu, "nice", c.Nice);
            Mode(writer, c.Cpu, "softirq", c.SoftIrq);
            Mode(writer, c.Cpu, "steal", c.Steal);
            Mode(writer, c.Cpu, "system", c.System);
            Mode(writer, c.Cpu, "user", c.User);
        }

        foreach (var c in stat.Cpus)
        {
            writer.Counter("node_cpu_guest_seconds_total", GuestHelp, c.GuestNice, Label.Of("cpu", c.Cpu), Label.Of("mode", "nice"));
            writer.Counter("node_cpu_guest_seconds_total", GuestHelp, c.Guest, Label.Of("cpu", c.Cpu), Label.Of("mode", "user"));
        }
    }

    private static void Mode(MetricWriter writer, string cpu, string mode, double seconds) =>
        writer.Counter("node_cpu_seconds_total", SecondsHelp, seconds, Label.Of("cpu", cpu), Label.Of("mode", mode));
}
