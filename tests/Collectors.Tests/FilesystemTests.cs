using Appliance.Collectors.Tests.Support;

namespace Appliance.Collectors.Tests;

public class FilesystemTests
{
    [Fact]
    public void Parse_UnescapesSpacesAndReadsOptions()
    {
        var m = Mounts.Parse("/dev/sda2 /srv/lead\\040files ext4 ro,relatime 0 0\n").Single();
        Assert.Equal("/srv/lead files", m.MountPoint);
        Assert.True(m.ReadOnly);
    }

    [Fact]
    public void Reported_AppliesDefaultExclusionsAndDropsDuplicates()
    {
        var mounts = Mounts.Parse(Fixtures.Read(Fixtures.NvmeHost, "proc/1/mounts"));
        Assert.Equal(["/", "/boot/efi", "/var/lib/appliance", "/srv/lead files", "/tmp", "/srv/nfs-leads"],
            Mounts.Reported(mounts).Select(m => m.MountPoint));
    }

    [Fact]
    public void Collector_ReportsSizesAndReadOnly_AndMarksMountsStatvfsCannotRead()
    {
        var c = Collect.From(new FilesystemCollector(Fixtures.Sources(Fixtures.NvmeHost)));
        var root = new[] { ("device", "/dev/nvme0n1p2"), ("fstype", "ext4"), ("mountpoint", "/") };
        Assert.Equal(158412693504, c.Value("node_filesystem_avail_bytes", root));
        Assert.Equal(0, c.Value("node_filesystem_readonly", root));
        Assert.Equal(1, c.Value("node_filesystem_readonly", ("mountpoint", "/srv/lead files")));
        Assert.Equal(1, c.Value("node_filesystem_device_error", ("mountpoint", "/srv/nfs-leads")));
        Assert.DoesNotContain("/srv/nfs-leads", c.LabelValues("node_filesystem_size_bytes", "mountpoint"));
    }

    [Fact]
    public void Collector_WithoutProcOneMounts_FallsBackToProcMounts()
    {
        var c = Collect.From(new FilesystemCollector(Fixtures.Sources(Fixtures.NoPsiHost)));
        Assert.Equal(["/"], c.LabelValues("node_filesystem_size_bytes", "mountpoint"));
    }

    [Fact]
    public async Task Collector_HungMount_IsReportedStuckWithoutWaiting_ThenRecovers()
    {
        using var release = new ManualResetEventSlim();
        var stats = new FilesystemStats(100, 50, 40, 10, 5);
        var sources = new HostSources("/unused", "/unused") { StatFsTimeout = TimeSpan.FromMilliseconds(50) };
        var dir = Directory.CreateTempSubdirectory();
        try
        {
            Directory.CreateDirectory(Path.Combine(dir.FullName, "1"));
            File.WriteAllText(Path.Combine(dir.FullName, "1", "mounts"), "nfs:/x /data nfs4 rw 0 0\n");
            var collector = new FilesystemCollector(sources with
            {
                ProcRoot = dir.FullName,
                StatFs = _ =>
                {
                    release.Wait();
                    return stats;
                },
            });

            var first = Collect.From(collector);
            Assert.Equal(1, first.Value("node_filesystem_device_error"));
            var second = Collect.From(collector);
            Assert.Equal(1, second.Value("node_filesystem_device_error"));

            // Once the hung call returns, the mount is asked again; a loaded machine may need a few cycles.
            release.Set();
            var recovered = Collect.From(collector);
            for (var i = 0; i < 500 && recovered.Value("node_filesystem_device_error") == 1; i++)
            {
                await Task.Delay(10);
                recovered = Collect.From(collector);
            }

            Assert.Equal(0, recovered.Value("node_filesystem_device_error"));
            Assert.Equal(40, recovered.Value("node_filesystem_avail_bytes"));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
