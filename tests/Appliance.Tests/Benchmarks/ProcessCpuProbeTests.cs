using Appliance.Benchmarks;
using Appliance.Collectors;

namespace Appliance.Tests.Benchmarks;

/// <summary>The probe's readings as the benchmark sampler carries them (<see cref="HostSpeedProbe"/>'s own tests: tests/Collectors.Tests).</summary>
public class ProcessCpuProbeTests
{
    [Fact]
    public void Summary_CarriesTheProbesMedianAndTheStealShare()
    {
        ProcessCpuReading Reading(double seconds, double? probe) =>
            new(seconds, 1, 0.5, 0.5, 0.1, 0, 1.1, 0, 0, 0) { ComputeMs = probe, MemoryMs = probe * 2, Steal = 0.05 };
        var readings = new[] { Reading(1, 2.0), Reading(2, 9.0), Reading(3, null), Reading(4, 3.0), Reading(5, 2.5) };

        var summary = ProcessCpuSummary.Summarize(readings, rows: 100, halfRows: (50, 50));

        Assert.Equal(2.75, ProcessCpuSummary.Median(readings.Select(r => r.ComputeMs)));
        Assert.Equal((2.75, 5.5), (summary["compute_ms"]!.GetValue<double>(), summary["memory_ms"]!.GetValue<double>()));
        Assert.Equal(0.05, summary["steal_cores"]!.GetValue<double>(), 9);
        Assert.Equal(3.0, ProcessCpuSummary.Median([3.0, null]));
        Assert.Null(ProcessCpuSummary.Median([null]));
    }

    [Fact]
    public void Between_TakesTheStealInTheIntervalAndTheProbeAtItsEnd()
    {
        var reading = ProcessCpuReading.Between(
            new ProcessCpuSnapshot(1, 100, 10, 5, 2, 0, 0, 0, Steal: 3, Probe: new HostSpeed(2.0, 1.0)),
            new ProcessCpuSnapshot(2, 101, 10.5, 5.2, 2, 0, 0, 0, Steal: 3.25, Probe: new HostSpeed(2.4, 1.5)));

        Assert.Equal((0.25, 2.4, 1.5), (reading.Steal, reading.ComputeMs!.Value, reading.MemoryMs!.Value));
    }
}
