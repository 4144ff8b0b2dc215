using Appliance.Collectors;
using Appliance.Telemetry;

namespace Appliance.Tests.Telemetry;

public class SampleRowTests
{
    private static HostSnapshot Snapshot(double t, Action<MetricWriter> write)
    {
        var w = new MetricWriter();
        write(w);
        return new HostSnapshot(DateTimeOffset.UnixEpoch.AddSeconds(t), 0, w.Families(), []);
    }

    private static void Host(MetricWriter w, double user, double idle, double reads, double readBytes, double readTime, double weighted, double rx, double ioStall, double rss)
    {
        w.Gauge("node_load1", "", 1.5);
        w.Counter("node_cpu_seconds_total", "", user, Label.Of("cpu", "0"), Label.Of("mode", "user"));
        w.Counter("node_cpu_seconds_total", "", idle, Label.Of("cpu", "0"), Label.Of("mode", "idle"));
        w.Gauge("node_memory_MemTotal_bytes", "", 1000);
        w.Gauge("node_memory_MemAvailable_bytes", "", 400);
        foreach (var dev in new[] { "nvme0n1", "dm-0" })
        {
            var d = Label.Of("device", dev);
            w.Counter("node_disk_reads_completed_total", "", reads, d);
            w.Counter("node_disk_writes_completed_total", "", 0, d);
            w.Counter("node_disk_read_bytes_total", "", readBytes, d);
            w.Counter("node_disk_written_bytes_total", "", 0, d);
            w.Counter("node_disk_read_time_seconds_total", "", readTime, d);
            w.Counter("node_disk_write_time_seconds_total", "", 0, d);
            w.Counter("node_disk_io_time_weighted_seconds_total", "", weighted, d);
            w.Counter("node_disk_io_time_seconds_total", "", weighted / 2, d);
        }

        w.Counter("node_network_receive_bytes_total", "", rx, Label.Of("device", "eno1"));
        w.Counter("node_network_transmit_bytes_total", "", 0, Label.Of("device", "eno1"));
        w.Counter("node_pressure_io_stalled_seconds_total", "", ioStall);
        w.Gauge("process_resident_memory_bytes", "", rss);
        w.Counter("process_cpu_seconds_total", "", user / 2);
    }

    [Fact]
    public void Between_TwoSeconds_GivesRatesFractionsAndIostatFigures()
    {
        var prev = Snapshot(0, w => Host(w, user: 10, idle: 10, reads: 100, readBytes: 0, readTime: 1, weighted: 0, rx: 0, ioStall: 0, rss: 0));
        var cur = Snapshot(2, w => Host(w, user: 11.5, idle: 10.5, reads: 300, readBytes: 4_000_000, readTime: 1.4, weighted: 3, rx: 2000, ioStall: 0.5, rss: 77));
        var row = SampleRow.Between(prev, cur, 2, new PipelineReading(0, 10, 0, 0, 3, 0), new PipelineReading(0, 25, 0, 0, 5, 1));

        Assert.Equal(0.75, row.CpuUser, 9);
        Assert.Equal(0.25, row.CpuIdle, 9);
        Assert.Equal(600, row.MemUsedBytes);
        Assert.Equal(2_000_000, row.DiskReadBytesPerS, 6);
        Assert.Equal(100, row.DiskIops, 9);
        Assert.Equal(2.0, row.DiskWaitMs!.Value, 9);
        Assert.Equal(1.5, row.DiskQueueDepth, 9);
        Assert.Equal(1000, row.NetRxBytesPerS, 9);
        Assert.Equal(0.25, row.PsiIoFull!.Value, 9);
        Assert.Null(row.PsiCpuSome);
        Assert.Equal((15L, 5L, 1L), (row.ScrapeCompleted, row.ScrapeInFlight, row.GenerateInFlight));
        Assert.Equal(0.375, row.ProcessCpuCores!.Value, 9);
        Assert.Contains("\"dm-0\"", row.Disks);
        Assert.Contains("\"queue_depth\":1.5", row.Disks);
    }
}
