using Appliance.Collectors.Tests.Support;

namespace Appliance.Collectors.Tests;

public class HostCollectionTests
{
    private sealed class HalfThenThrow : ICollector
    {
        public string Name => "broken";

        public void Collect(MetricWriter writer)
        {
            writer.Gauge("node_load1", "1m load average.", 99);
            throw new IOException("read failed halfway");
        }
    }

    [Fact]
    public void FailingCollector_ReportsZero_DropsItsSamples_AndTheOthersGoOn()
    {
        var sources = Fixtures.Sources(Fixtures.NvmeHost);
        var snapshot = new HostCollection([new HalfThenThrow(), new LoadAverageCollector(sources)]).Collect();

        Assert.Equal(0, snapshot.Value("appliance_collector_success", ("collector", "broken")));
        Assert.Equal(1, snapshot.Value("appliance_collector_success", ("collector", "loadavg")));
        Assert.Equal(2.37, snapshot.Value("node_load1"));
        Assert.Single(snapshot.Find("node_load1")!.Samples);
        Assert.Contains("read failed halfway", snapshot.Results[0].Error);
    }

    [Fact]
    public void MissingProcFile_FailsOnlyThatCollector()
    {
        var sources = Fixtures.Sources(Fixtures.NoPsiHost) with { ProcRoot = Path.Combine(Path.GetTempPath(), "no-such-proc") };
        var snapshot = new HostCollection(HostCollectors.Create(sources)).Collect();
        Assert.Equal(0, snapshot.Value("appliance_collector_success", ("collector", "loadavg")));
        Assert.Equal(1, snapshot.Value("appliance_collector_success", ("collector", "pressure")));
    }

    [Fact]
    public void AllCollectors_OnBothFixtures_Succeed()
    {
        foreach (var host in new[] { Fixtures.NvmeHost, Fixtures.NoPsiHost })
        {
            var snapshot = new HostCollection(HostCollectors.Create(Fixtures.Sources(host))).Collect();
            Assert.All(snapshot.Results, r => Assert.True(r.Success, $"{host}/{r.Name}: {r.Error}"));
        }
    }

    [Fact]
    public void AllCollectors_OnThisMachine_Succeed()
    {
        var snapshot = new HostCollection(HostCollectors.Create(new HostSources())).Collect();
        Assert.All(snapshot.Results, r => Assert.True(r.Success, $"{r.Name}: {r.Error}"));
        Assert.NotNull(snapshot.Value("node_memory_MemTotal_bytes"));
    }

    [Fact]
    public void Writer_SameNameAsTwoTypes_Throws()
    {
        var w = new MetricWriter();
        w.Gauge("x", "h", 1);
        Assert.Throws<InvalidOperationException>(() => w.Counter("x", "h", 1));
    }
}
