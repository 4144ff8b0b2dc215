using Appliance.Collectors;
using Appliance.Api;

namespace Appliance.Tests.Web;

public sealed class HostPanelTests
{
    private static HostSnapshot Snapshot(double received, double sent, double diskRead)
    {
        var cpu = new MetricFamily("node_cpu_seconds_total", "", MetricType.Counter);
        for (var i = 0; i < 4; i++)
        {
            cpu.Samples.Add(new MetricSample(100, [Label.Of("cpu", i.ToString()), Label.Of("mode", "idle")]));
            cpu.Samples.Add(new MetricSample(10, [Label.Of("cpu", i.ToString()), Label.Of("mode", "user")]));
        }

        MetricFamily Gauge(string name, double value)
        {
            var f = new MetricFamily(name, "", MetricType.Gauge);
            f.Samples.Add(new MetricSample(value, []));
            return f;
        }

        MetricFamily PerLabel(string name, MetricType type, params (KeyValuePair<string, object?>[] Labels, double Value)[] samples)
        {
            var f = new MetricFamily(name, "", type);
            f.Samples.AddRange(samples.Select(s => new MetricSample(s.Value, s.Labels)));
            return f;
        }

        KeyValuePair<string, object?>[] Fs(string device, string type, string mount) => [Label.Of("device", device), Label.Of("fstype", type), Label.Of("mountpoint", mount)];
        KeyValuePair<string, object?>[] Dev(string device) => [Label.Of("device", device)];
        var disk = new[] { "node_disk_reads_completed_total", "node_disk_writes_completed_total", "node_disk_read_time_seconds_total", "node_disk_write_time_seconds_total",
            "node_disk_written_bytes_total", "node_disk_io_time_weighted_seconds_total", "node_disk_io_time_seconds_total" }
            .Select(n => PerLabel(n, MetricType.Counter, (Dev("nvme0n1"), 0)));
        return new HostSnapshot(DateTimeOffset.UnixEpoch, 0,
        [
            cpu, Gauge("node_load1", 2), Gauge("node_load5", 1), Gauge("node_memory_MemTotal_bytes", 8e9), Gauge("node_memory_MemAvailable_bytes", 6e9),
            PerLabel("node_filesystem_size_bytes", MetricType.Gauge, (Fs("/dev/sda1", "ext4", "/"), 100e9), (Fs("tmpfs", "tmpfs", "/run"), 1e9), (Fs("/dev/sda1", "ext4", "/srv"), 100e9)),
            PerLabel("node_filesystem_avail_bytes", MetricType.Gauge, (Fs("/dev/sda1", "ext4", "/"), 40e9), (Fs("tmpfs", "tmpfs", "/run"), 1e9), (Fs("/dev/sda1", "ext4", "/srv"), 40e9)),
            PerLabel("node_network_receive_bytes_total", MetricType.Counter, (Dev("eth0"), received)),
            PerLabel("node_network_transmit_bytes_total", MetricType.Counter, (Dev("eth0"), sent)),
            PerLabel("node_disk_read_bytes_total", MetricType.Counter, (Dev("nvme0n1"), diskRead)),
            .. disk,
        ], []);
    }

    [Fact]
    public void Build_GivesLoadPerCoreMemoryAndRealFilesystems_AndNoRatesWithoutAPreviousSnapshot()
    {
        var view = HostPanel.Build(null, Snapshot(1000, 500, 0), 0);

        Assert.Equal(4, view.Cpus);
        Assert.Equal(0.5, view.Load1PerCore);
        Assert.Equal(0.25, view.Load5PerCore);
        Assert.Equal(8e9, view.MemoryTotalBytes);
        Assert.Equal(6e9, view.MemoryAvailableBytes);
        var fs = Assert.Single(view.Filesystems);
        Assert.Equal(("/", 100e9, 40e9), (fs.MountPoint, fs.SizeBytes, fs.AvailBytes));
        Assert.Null(view.IntervalSeconds);
        Assert.Empty(view.Network);
        Assert.Empty(view.Disks);
    }

    [Fact]
    public void Build_WithAPreviousSnapshot_GivesBytesPerSecondOverTheInterval()
    {
        var view = HostPanel.Build(Snapshot(1000, 500, 0), Snapshot(3000, 1500, 8192), 2);

        Assert.Equal(2, view.IntervalSeconds);
        var eth0 = Assert.Single(view.Network);
        Assert.Equal(("eth0", 1000.0, 500.0), (eth0.Device, eth0.InBytesPerS, eth0.OutBytesPerS));
        var disk = Assert.Single(view.Disks);
        Assert.Equal(("nvme0n1", 4096.0, 0.0), (disk.Device, disk.InBytesPerS, disk.OutBytesPerS));
    }
}
