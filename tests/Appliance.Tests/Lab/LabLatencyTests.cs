using Appliance.Lab;

namespace Appliance.Tests.Lab;

public class LabLatencyTests
{
    [Fact]
    public void ZeroMedian_AddsNothing()
    {
        var latency = new LabLatency(new LabOptions { LatencyMedianMs = 0 });

        Assert.False(latency.Enabled);
        Assert.Equal(TimeSpan.Zero, latency.Sample(new Random(1)));
    }

    [Fact]
    public void Samples_HaveTheConfiguredMedianAndP95()
    {
        var latency = new LabLatency(new LabOptions { LatencyMedianMs = 250, LatencyP95Ms = 1500, LatencyMaxMs = 60_000 });
        var random = new Random(7);
        var samples = Enumerable.Range(0, 40_000).Select(_ => latency.Sample(random).TotalMilliseconds).Order().ToArray();

        // With 40,000 draws the empirical quantiles sit within a few percent of the true ones.
        Assert.InRange(samples[samples.Length / 2], 235, 265);
        Assert.InRange(samples[(int)(samples.Length * 0.95)], 1380, 1620);
    }

    [Fact]
    public void Samples_NeverExceedTheCap()
    {
        var latency = new LabLatency(new LabOptions { LatencyMedianMs = 250, LatencyP95Ms = 1500, LatencyMaxMs = 2_000 });
        var random = new Random(3);

        Assert.All(Enumerable.Range(0, 10_000), _ => Assert.True(latency.Sample(random).TotalMilliseconds <= 2_000));
    }
}
