using Appliance.Collectors.Tests.Support;

namespace Appliance.Collectors.Tests;

public class HostInventoryTests
{
    [Fact]
    public void Read_CustomerHost_DescribesCpuMemoryDisksAndIdentity()
    {
        var inv = HostInventory.Read(Fixtures.Sources(Fixtures.NvmeHost));
        Assert.Equal("Intel(R) Core(TM) i5-8500 CPU @ 3.00GHz", inv.CpuModel);
        Assert.Equal((6, 6), (inv.LogicalCpus, inv.PhysicalCores));
        Assert.Equal(15925932.0 * 1024, inv.MemoryBytes);
        Assert.Equal(("6.1.0-28-amd64", "leads-01", 1209611.42), (inv.Kernel, inv.Hostname, inv.UptimeSeconds));
        var nvme = Assert.Single(inv.Disks, d => d.Name == "nvme0n1");
        Assert.Equal("Samsung SSD 970 EVO Plus 250GB", nvme.Model);
        Assert.Equal(500118192.0 * 512, nvme.SizeBytes);
        Assert.False(nvme.Rotational);
        Assert.DoesNotContain(inv.Disks, d => d.Name == "loop0");
    }

    [Fact]
    public void Read_SmallVm_SeesSpinningDiskAndTwoCpus()
    {
        var inv = HostInventory.Read(Fixtures.Sources(Fixtures.NoPsiHost));
        Assert.Equal((2, 2), (inv.LogicalCpus, inv.PhysicalCores));
        Assert.True(inv.Disks.Single(d => d.Name == "sda").Rotational);
    }

    [Fact]
    public void CpuInfo_HyperThreadedPackage_CountsPhysicalCoresOnce()
    {
        var text = string.Concat(Enumerable.Range(0, 4).Select(i => $"processor : {i}\nmodel name : X\nphysical id : 0\ncore id : {i % 2}\n\n"));
        Assert.Equal(new CpuInfo("X", 4, 2), CpuInfo.Parse(text));
    }
}
