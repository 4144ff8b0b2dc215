using Appliance.Collectors.Tests.Support;

namespace Appliance.Collectors.Tests;

public class DiskStatsTests
{
    [Theory]
    [InlineData("nvme0n1", false)]
    [InlineData("nvme10n2", false)]
    [InlineData("nvme0n1p1", true)]
    [InlineData("sda", false)]
    [InlineData("sda1", true)]
    [InlineData("vdb3", true)]
    [InlineData("xvda2", true)]
    [InlineData("loop0", true)]
    [InlineData("ram15", true)]
    [InlineData("dm-0", false)]
    [InlineData("md127", false)]
    public void DefaultExclude_MatchesNodeExporter(string device, bool excluded) =>
        Assert.Equal(excluded, DiskStats.DefaultExclude().IsMatch(device));

    [Fact]
    public void Parse_OldKernelLine_HasNoDiscardOrFlushCounters()
    {
        var line = DiskStats.Parse(Fixtures.Read(Fixtures.NoPsiHost, "proc/diskstats"))[0];
        Assert.Equal("sda", line.Device);
        Assert.Null(line.DiscardsCompleted);
        Assert.Null(line.FlushesCompleted);
    }

    [Fact]
    public void Collector_NvmeHost_KeepsWholeDisksAndConvertsUnits()
    {
        var c = Collect.From(new DiskStatsCollector(Fixtures.Sources(Fixtures.NvmeHost)));
        Assert.Equal(["dm-0", "nvme0n1"], c.LabelValues("node_disk_reads_completed_total", "device").Order());
        Assert.Equal(118204716.0 * 512, c.Value("node_disk_read_bytes_total", ("device", "nvme0n1")));
        Assert.Equal(612048224.0 * 512, c.Value("node_disk_written_bytes_total", ("device", "nvme0n1")));
        Assert.Equal(2918.023, c.Value("node_disk_io_time_seconds_total", ("device", "nvme0n1")), 9);
        Assert.Equal(8671.204, c.Value("node_disk_io_time_weighted_seconds_total", ("device", "nvme0n1")), 9);
        Assert.Equal(2, c.Value("node_disk_io_now", ("device", "nvme0n1")));
        Assert.Equal(301244, c.Value("node_disk_flush_requests_total", ("device", "nvme0n1")));
        Assert.Equal(402118432, c.Value("node_disk_discarded_sectors_total", ("device", "nvme0n1")));
    }

    [Fact]
    public void Collector_OldKernel_LeavesOutDiscardsAndFlushes()
    {
        var c = Collect.From(new DiskStatsCollector(Fixtures.Sources(Fixtures.NoPsiHost)));
        Assert.Equal(["sda", "sr0"], c.LabelValues("node_disk_reads_completed_total", "device").Order());
        Assert.DoesNotContain("node_disk_discards_completed_total", c.Names);
        Assert.DoesNotContain("node_disk_flush_requests_total", c.Names);
    }
}
