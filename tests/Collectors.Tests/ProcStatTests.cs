using Appliance.Collectors.Tests.Support;

namespace Appliance.Collectors.Tests;

public class ProcStatTests
{
    [Fact]
    public void Parse_SixCoreHost_ReadsEachCpuInSeconds()
    {
        var stat = ProcStat.Parse(Fixtures.Read(Fixtures.NvmeHost, "proc/stat"));
        Assert.Equal(["0", "1", "2", "3", "4", "5"], stat.Cpus.Select(c => c.Cpu));
        Assert.Equal(11830.24, stat.Cpus[0].User, 6);
        Assert.Equal(182330.71, stat.Cpus[0].Idle, 6);
        Assert.Equal(118.73, stat.Cpus[0].SoftIrq, 6);
        Assert.Equal(1839201172, stat.ContextSwitches);
        Assert.Equal(1767090000, stat.BootTime);
        Assert.Equal(912384512, stat.Interrupts);
        Assert.Equal(2210384, stat.Forks);
        Assert.Equal((3, 1), (stat.ProcsRunning, stat.ProcsBlocked));
    }

    [Fact]
    public void Parse_OldKernelWithoutGuestColumns_ReadsThemAsZero()
    {
        var stat = ProcStat.Parse("cpu0 100 0 50 1000 0 0 0\n");
        Assert.Equal((1.0, 0.0, 0.0), (stat.Cpus[0].User, stat.Cpus[0].Steal, stat.Cpus[0].Guest));
    }

    [Fact]
    public void CpuCollector_WritesEightModesPerCpuAndGuestTimes()
    {
        var c = Collect.From(new CpuCollector(Fixtures.Sources(Fixtures.NvmeHost)));
        Assert.Equal(48, c.Family("node_cpu_seconds_total").Samples.Count);
        Assert.Equal(["idle", "iowait", "irq", "nice", "softirq", "steal", "system", "user"],
            c.LabelValues("node_cpu_seconds_total", "mode").Distinct().Order());
        Assert.Equal(3990.17, c.Value("node_cpu_seconds_total", ("cpu", "5"), ("mode", "system")), 6);
        Assert.Equal(12, c.Family("node_cpu_guest_seconds_total").Samples.Count);
        Assert.Equal(MetricType.Counter, c.Family("node_cpu_seconds_total").Type);
    }

    [Fact]
    public void StatCollector_WritesSystemCounters()
    {
        var c = Collect.From(new StatCollector(Fixtures.Sources(Fixtures.NoPsiHost)));
        Assert.Equal(9120334, c.Value("node_context_switches_total"));
        Assert.Equal(1767000000, c.Value("node_boot_time_seconds"));
        Assert.Equal(MetricType.Gauge, c.Family("node_procs_running").Type);
    }
}
