using Appliance.Collectors.Tests.Support;

namespace Appliance.Collectors.Tests;

public class NetDevTests
{
    [Fact]
    public void Parse_ReadsSixteenCountersPerInterface_EvenWithoutSpaceAfterColon()
    {
        var devices = NetDev.Parse(Fixtures.Read(Fixtures.NvmeHost, "proc/net/dev"));
        Assert.Equal(["lo", "eno1", "docker0"], devices.Select(d => d.Device));
        Assert.Equal(3812UL, devices[2].Counters[8]);
    }

    [Fact]
    public void Parse_ShortLine_Throws() =>
        Assert.Throws<FormatException>(() => NetDev.Parse("h1\nh2\n eth0: 1 2 3\n"));

    [Fact]
    public void Collector_LeavesOutLoopbackAndNamesCountersLikeNodeExporter()
    {
        var c = Collect.From(new NetDevCollector(Fixtures.Sources(Fixtures.NvmeHost)));
        Assert.Equal(["docker0", "eno1"], c.LabelValues("node_network_receive_bytes_total", "device").Order());
        Assert.Equal(40211903318, c.Value("node_network_receive_bytes_total", ("device", "eno1")));
        Assert.Equal(12, c.Value("node_network_receive_drop_total", ("device", "eno1")));
        Assert.Equal(20411, c.Value("node_network_receive_multicast_total", ("device", "eno1")));
        Assert.Equal(9120331004, c.Value("node_network_transmit_bytes_total", ("device", "eno1")));
        Assert.Equal(16, c.Names.Count);
        Assert.All(c.Names, n => Assert.EndsWith("_total", n));
    }
}
