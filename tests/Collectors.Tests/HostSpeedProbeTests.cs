using Xunit.Abstractions;

namespace Appliance.Collectors.Tests;

public class HostSpeedProbeTests(ITestOutputHelper output)
{
    [Fact]
    public void ThreadCpuTime_CountsWorkButNotWaiting()
    {
        // No share of a core is assumed (the suite runs beside PostgreSQL and lab servers on two cores): spinning must
        // reach 50 ms of this thread's CPU within 20 s of wall time, and a thread's CPU can never outrun the wall clock.
        var start = HostSpeedProbe.ThreadCpuNanoseconds();
        Thread.Sleep(300);
        var slept = HostSpeedProbe.ThreadCpuNanoseconds();
        var spin = System.Diagnostics.Stopwatch.StartNew();
        var spun = slept;
        while (spun - slept < 50_000_000 && spin.Elapsed < TimeSpan.FromSeconds(20))
        {
            spun = HostSpeedProbe.ThreadCpuNanoseconds();
        }

        var wall = spin.Elapsed;

        Assert.NotNull(start);
        Assert.True(slept - start < 50_000_000, $"sleeping 300 ms counted {(slept - start) / 1e6} ms of CPU");
        Assert.True(spun - slept >= 50_000_000, $"spinning {wall.TotalMilliseconds:0} ms counted {(spun - slept) / 1e6} ms of CPU");
        Assert.True((spun - slept) / 1e6 <= wall.TotalMilliseconds + 1, $"{(spun - slept) / 1e6} ms of CPU in {wall.TotalMilliseconds} ms of wall time");
    }

    [Fact]
    public void Measure_TimesBothPiecesOfWorkInMilliseconds()
    {
        var readings = Enumerable.Range(0, 5).Select(_ => HostSpeedProbe.Measure()).ToList();
        output.WriteLine(string.Join(", ", readings.Select(r => r?.ToString())));

        // A million rounds of three dependent shift-xor pairs cannot take under 0.5 ms on any core (6 M dependent operations
        // at 6 GHz would be 1 ms), while the empty loop left when the chain's unread result is dropped takes ~0.26 ms here.
        Assert.All(readings, r => Assert.InRange(r!.Value.ComputeMs, 0.5, 1_000));
        Assert.All(readings, r => Assert.InRange(r!.Value.MemoryMs, 0.01, 1_000));
        // The first call walks the cycle once untimed: its first touch read 37 ms against ~8 in the appliance's first sample.
        var others = readings.Skip(1).Select(r => r!.Value.MemoryMs).Order().ToList();
        Assert.InRange(readings[0]!.Value.MemoryMs, 0, 4 * others[others.Count / 2]);
        Assert.Equal(HostSpeedProbe.Walk(), HostSpeedProbe.Walk());
        Assert.Equal(HostSpeedProbe.Mix(1), HostSpeedProbe.Mix(1));
    }
}
