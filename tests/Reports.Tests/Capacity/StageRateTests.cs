using Appliance.Reports.Capacity;
using Appliance.Reports.Tests.Support;

namespace Appliance.Reports.Tests.Capacity;

public class StageRateTests
{
    private static IReadOnlyList<CounterSample> Noisy(double rate, int fill, int steady, int drain, double noise, int seed)
    {
        var random = new Random(seed);
        var samples = new List<CounterSample> { new(0, 0) };
        long total = 0;
        for (var t = 1; t <= fill + steady + drain; t++)
        {
            var r = t <= fill ? rate * 0.1 * t / fill : t <= fill + steady ? rate : rate * 0.05;
            total += (long)Math.Round(r * (1 + noise * (random.NextDouble() - 0.5) * 2));
            samples.Add(new CounterSample(t, total));
        }

        return samples;
    }

    [Fact]
    public void Estimate_NoisySeries_IntervalContainsTheTrueRate()
    {
        var samples = Noisy(rate: 120, fill: 10, steady: 120, drain: 30, noise: 0.4, seed: 3);

        var estimate = StageRate.Estimate(samples);

        Assert.True(estimate.HasValue, estimate.Problem);
        Assert.InRange(120.0, estimate.Low, estimate.High);
        Assert.InRange(estimate.PerSecond, 120 * 0.97, 120 * 1.03);
        Assert.True(estimate.Low < estimate.PerSecond && estimate.PerSecond < estimate.High);
    }

    [Fact]
    public void Estimate_CutsTheFillAndTheDrain()
    {
        // A slow ramp for 10 s and a 30 s trickle at the end: the window must lie inside the steady part.
        var samples = Noisy(rate: 120, fill: 10, steady: 120, drain: 30, noise: 0, seed: 1);

        var estimate = StageRate.Estimate(samples);

        Assert.True(estimate.WindowStartSeconds >= 10, $"window opens at {estimate.WindowStartSeconds}");
        Assert.True(estimate.WindowEndSeconds <= 130, $"window closes at {estimate.WindowEndSeconds}");
        Assert.Equal(120, estimate.PerSecond, 6);
        Assert.True(estimate.CompletedBeforeWindow > 0);
    }

    [Fact]
    public void Estimate_SameSamples_SameInterval()
    {
        var samples = Noisy(rate: 80, fill: 5, steady: 60, drain: 10, noise: 0.5, seed: 11);

        var a = StageRate.Estimate(samples);
        var b = StageRate.Estimate(samples.ToList());

        Assert.Equal(a, b);
    }

    [Fact]
    public void Estimate_ThreeSamples_SaysNotEnoughDataWithoutNaN()
    {
        var estimate = StageRate.Estimate([new(0, 0), new(1, 50), new(2, 100)]);

        Assert.False(estimate.HasValue);
        Assert.Contains("not enough data", estimate.Problem);
        Assert.Equal(0, estimate.PerSecond);
        Assert.False(double.IsNaN(estimate.Low) || double.IsNaN(estimate.High));
    }

    [Fact]
    public void Estimate_FewItems_SaysNotEnoughData()
    {
        var samples = Enumerable.Range(0, 60).Select(t => new CounterSample(t, t / 10)).ToList();

        var estimate = StageRate.Estimate(samples);

        Assert.False(estimate.HasValue);
        Assert.Contains("fewer than", estimate.Problem);
    }

    [Fact]
    public void Accumulate_PerIntervalCounts_BecomeACumulativeCounter()
    {
        var samples = CounterSample.Accumulate([(2, 5), (1, 3), (3, 0)]);

        Assert.Equal([new(0, 0), new(1, 3), new(2, 8), new(3, 8)], samples);
    }

    [Fact]
    public void Overlap_PipelinedStages_IsNearOne_SequentialStages_IsZero()
    {
        var run = new SyntheticPipeline().Simulate(20_000);
        var pipelined = StageOverlap.Between(StageRate.Estimate(run.Scrape), StageRate.Estimate(run.Generate));
        var first = new RateEstimate(10, 9, 11, 10, 90, 80) { FirstCompletionSeconds = 1, LastCompletionSeconds = 100 };
        var second = new RateEstimate(10, 9, 11, 110, 190, 80) { FirstCompletionSeconds = 101, LastCompletionSeconds = 200 };

        Assert.Equal(1.0, pipelined);
        Assert.Equal(0, StageOverlap.Between(first, second));
    }

    [Fact]
    public void Overlap_DownstreamStartingAHandOffLate_InAShortSample_CountsTheLagAsOverlapped()
    {
        // A 5,000-row lab-LLM sample: scrape's steady window 2–25 s, generate's first message 8 s in (one hand-off after
        // scrape's first fetch at 1 s), its last at 60 s. Compared unshifted, a quarter of scrape's window lies before
        // generate began, and the projection would scale those 6 s with the rows.
        var scrape = new RateEstimate(200, 190, 210, 2, 25, 23) { FirstCompletionSeconds = 1, LastCompletionSeconds = 27 };
        var generate = new RateEstimate(180, 170, 190, 10, 58, 48) { FirstCompletionSeconds = 8, LastCompletionSeconds = 60 };

        Assert.Equal(1.0, StageOverlap.Between(scrape, generate));
    }
}
