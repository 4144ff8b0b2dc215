using Appliance.Collectors.Tests.Support;

namespace Appliance.Collectors.Tests;

public class PressureTests
{
    [Fact]
    public void Parse_ReadsTotalsInSeconds()
    {
        var p = PressureTotals.Parse("some avg10=0.42 avg60=0.61 avg300=0.55 total=91204331\nfull avg10=0.31 avg60=0.47 avg300=0.41 total=70112904\n");
        Assert.Equal(91.204331, p.SomeSeconds, 9);
        Assert.Equal(70.112904, p.FullSeconds!.Value, 9);
    }

    [Fact]
    public void Parse_OldCpuFileWithoutFullLine_HasNoFull() =>
        Assert.Null(PressureTotals.Parse("some avg10=0.00 avg60=0.00 avg300=0.00 total=12\n").FullSeconds);

    [Fact]
    public void Collector_WritesNodeExporterNames()
    {
        var c = Collect.From(new PressureCollector(Fixtures.Sources(Fixtures.NvmeHost)));
        Assert.Equal(412.038122, c.Value("node_pressure_cpu_waiting_seconds_total"), 9);
        Assert.Equal(70.112904, c.Value("node_pressure_io_stalled_seconds_total"), 9);
        Assert.Equal(0.904112, c.Value("node_pressure_memory_stalled_seconds_total"), 9);
        Assert.Equal(5, c.Names.Count);
    }

    [Fact]
    public void Collector_KernelWithoutPsi_WritesNothingAndSucceeds()
    {
        var snapshot = new HostCollection([new PressureCollector(Fixtures.Sources(Fixtures.NoPsiHost))]).Collect();
        Assert.DoesNotContain(snapshot.Families, f => f.Name.StartsWith("node_pressure", StringComparison.Ordinal));
        Assert.Equal(1, snapshot.Value("appliance_collector_success", ("collector", "pressure")));
    }
}
