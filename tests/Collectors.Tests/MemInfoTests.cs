using Appliance.Collectors.Tests.Support;

namespace Appliance.Collectors.Tests;

public class MemInfoTests
{
    [Fact]
    public void Parse_NamesFieldsLikeNodeExporter()
    {
        var fields = MemInfo.Parse("MemTotal:  16 kB\nActive(anon):  2 kB\nHugePages_Total:  3\n").ToDictionary(f => f.Name, f => f.Value);
        Assert.Equal(16 * 1024, fields["MemTotal_bytes"]);
        Assert.Equal(2 * 1024, fields["Active_anon_bytes"]);
        Assert.Equal(3, fields["HugePages_Total"]);
    }

    [Fact]
    public void Collector_WritesEveryField()
    {
        var text = Fixtures.Read(Fixtures.NvmeHost, "proc/meminfo");
        var c = Collect.From(new MemoryCollector(Fixtures.Sources(Fixtures.NvmeHost)));
        Assert.Equal(text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length, c.Names.Count);
        Assert.Equal(9871236.0 * 1024, c.Value("node_memory_MemAvailable_bytes"));
        Assert.Contains("node_memory_Inactive_file_bytes", c.Names);
        Assert.Contains("node_memory_HugePages_Free", c.Names);
    }
}
