using System.Text.Json.Nodes;
using Appliance.Benchmarks;

namespace Appliance.Tests.Benchmarks;

public class ProcessCpuSummaryTests
{
    [Fact]
    public void Between_LeavesTheHostsOtherBusyTimeAfterTheThreeParts()
    {
        var before = new ProcessCpuSnapshot(1, HostBusy: 100, Appliance: 10, Lab: 5, Postgres: 2, 0, 0, 0);
        var after = new ProcessCpuSnapshot(2, HostBusy: 101.8, Appliance: 10.9, Lab: 5.5, Postgres: 2.25, 300, 200, 100);

        var reading = ProcessCpuReading.Between(before, after);

        Assert.Equal((1, 0.9, 0.5, 0.25, 0.15, 1.8), (reading.Interval, Math.Round(reading.Appliance, 9), reading.Lab, reading.Postgres, Math.Round(reading.Other, 9), Math.Round(reading.HostBusy, 9)));
        Assert.Equal((300L, 200L, 100L), (reading.ApplianceRss, reading.LabRss, reading.PostgresRss));
    }

    [Fact]
    public void Between_APartWhoseProcessesEnded_UsedNoCpuRatherThanNegative()
    {
        var reading = ProcessCpuReading.Between(new ProcessCpuSnapshot(1, 100, 10, Lab: 5, 2, 0, 0, 0), new ProcessCpuSnapshot(2, 101, 10.5, Lab: 0, 2, 0, 0, 0));

        Assert.Equal(0, reading.Lab);
        Assert.Equal(0.5, reading.Other, 9);
    }

    [Fact]
    public void Halves_SplitAtTheMiddleOfTheSampledTime()
    {
        var readings = Seconds(10);

        var (first, second) = ProcessCpuSummary.Halves(readings);

        Assert.Equal([1, 2, 3, 4, 5], first.Select(r => r.Seconds));
        Assert.Equal([6, 7, 8, 9, 10], second.Select(r => r.Seconds));
        Assert.Equal(5, ProcessCpuSummary.HalfTime(readings));
    }

    [Fact]
    public void SplitRows_PutsEachRunIntervalInTheHalfItEndsIn_OnTheSamplersClock()
    {
        // The run started 2 s after the sampler; the sampler's middle is at 6 s, i.e. the run's 4th second.
        var (first, second) = ProcessCpuSummary.SplitRows([(1, 10), (2, 20), (4, 30), (5, 40), (8, 50)], runStartedAt: 2, split: 6);

        Assert.Equal((60L, 90L), (first, second));
    }

    [Fact]
    public void MsPerRow_IsCpuMillisecondsOverRows_AndNullWithoutRows()
    {
        Assert.Equal(2.5, ProcessCpuSummary.MsPerRow(25, 10_000));
        Assert.Null(ProcessCpuSummary.MsPerRow(25, 0));
    }

    [Fact]
    public void Summarize_ShowsGrowthBetweenTheHalves_PerPart()
    {
        // The lab's CPU a second doubles in the second half while its rows a second stay the same.
        var readings = Seconds(10, lab: s => s <= 5 ? 0.2 : 0.4);

        var summary = ProcessCpuSummary.Summarize(readings, rows: 1000, halfRows: (500, 500));

        Assert.Equal(3.0, Cpu(summary, "lab"));
        Assert.Equal(3.0, Ms(summary, "lab"));
        Assert.Equal(2.0, Ms(summary["first_half"]!.AsObject(), "lab"));
        Assert.Equal(4.0, Ms(summary["second_half"]!.AsObject(), "lab"));
        Assert.Equal(0.3, (double)summary["lab"]!["cores"]!, 9);
        Assert.Equal(900L, (long)summary["lab"]!["peak_rss_bytes"]!);
        Assert.Contains("lab 3.00 (2.00 → 4.00)", ProcessCpuSummary.Line("10 rows", summary), StringComparison.Ordinal);
    }

    [Fact]
    public void Summarize_WithoutHalfRows_GivesTheHalvesCpuButNoMsPerRow()
    {
        var summary = ProcessCpuSummary.Summarize(Seconds(4), rows: 100, halfRows: null);

        Assert.Null(summary["first_half"]!["appliance"]!["ms_per_row"]);
        Assert.Equal(1.0, Cpu(summary["first_half"]!.AsObject(), "appliance"));
    }

    private static List<ProcessCpuReading> Seconds(int count, Func<int, double>? lab = null) =>
        [.. Enumerable.Range(1, count).Select(s => new ProcessCpuReading(s, 1, Appliance: 0.5, Lab: lab?.Invoke(s) ?? 0.1, Postgres: 0.1, Other: 0.05, HostBusy: 0.75,
            ApplianceRss: 100 * s, LabRss: 90 * s, PostgresRss: 50))];

    private static double Cpu(JsonObject span, string part) => (double)span[part]!["cpu_seconds"]!;

    private static double Ms(JsonObject span, string part) => (double)span[part]!["ms_per_row"]!;
}
