using Appliance.Collectors.Tests.Support;

namespace Appliance.Collectors.Tests;

public class LoadAverageTests
{
    [Fact]
    public void Parse_KernelLine_ReadsThreeAverages()
    {
        Assert.True(LoadAverage.TryParse("0.21 0.37 0.39 1/719 19737\n", out var load));
        Assert.Equal(new LoadAverage(0.21, 0.37, 0.39), load);
    }

    [Fact]
    public void Parse_TruncatedLine_ReturnsFalse() => Assert.False(LoadAverage.TryParse("0.21 0.37", out _));

    [Fact]
    public void Collector_WritesNodeExporterGauges()
    {
        var c = Collect.From(new LoadAverageCollector(Fixtures.Sources(Fixtures.NvmeHost)));
        Assert.Equal(2.37, c.Value("node_load1"));
        Assert.Equal(1.84, c.Value("node_load5"));
        Assert.Equal(1.21, c.Value("node_load15"));
        Assert.All(c.Names, n => Assert.Equal(MetricType.Gauge, c.Family(n).Type));
    }
}
