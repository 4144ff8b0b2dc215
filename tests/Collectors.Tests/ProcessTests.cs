using Appliance.Collectors.Tests.Support;

namespace Appliance.Collectors.Tests;

public class ProcessTests
{
    [Fact]
    public void Parse_CommandNameWithSpacesAndParentheses_ReadsFieldsAfterIt()
    {
        var stat = ProcessStat.Parse("7 (a (b) c) S 3 7 7 0 -1 0 0 0 0 0 250 50 12 8 20 0 4 0 900 1000 25 0 0");
        Assert.Equal((250UL, 50UL, 4L, 900UL, 1000UL, 25L, 3, 12L, 8L),
            (stat.UserTicks, stat.SystemTicks, stat.Threads, stat.StartTicks, stat.VirtualBytes, stat.RssPages, stat.ParentPid, stat.ChildUserTicks, stat.ChildSystemTicks));
    }

    [Fact]
    public void ParseMaxOpenFiles_ReadsSoftLimit() =>
        Assert.Equal(1024, ProcessStat.ParseMaxOpenFiles(Fixtures.Read(Fixtures.NoPsiHost, "proc/self/limits")));

    [Fact]
    public void Collector_ReportsCpuMemoryThreadsFdsAndStartTime()
    {
        var c = Collect.From(new ProcessCollector(Fixtures.Sources(Fixtures.NvmeHost)));
        Assert.Equal((4821 + 1203) / 100.0, c.Value("process_cpu_seconds_total"), 9);
        Assert.Equal(51200.0 * 4096, c.Value("process_resident_memory_bytes"));
        Assert.Equal(27, c.Value("process_threads"));
        Assert.Equal(9, c.Value("process_open_fds"));
        Assert.Equal(524288, c.Value("process_max_fds"));
        Assert.Equal(1767090000 + 9120.04, c.Value("process_start_time_seconds"), 6);
    }

    [Fact]
    public void Collector_OnThisMachine_SeesItsOwnProcess()
    {
        var c = Collect.From(new ProcessCollector(new HostSources()));
        Assert.True(c.Value("process_resident_memory_bytes") > 1024 * 1024);
        Assert.True(c.Value("process_threads") >= 1);
    }
}
