using Appliance.Reports.Capacity;

namespace Appliance.Reports.Tests.Capacity;

public class ServiceTimesTests
{
    [Fact]
    public void Mean_AndQuantile_AreCountWeighted()
    {
        var times = new ServiceTimes([new ServicePoint(1, 3), new ServicePoint(5, 1)]);

        Assert.Equal(2, times.Mean, 9);
        Assert.Equal(1, times.Quantile(0.75));
        Assert.Equal(5, times.Quantile(0.76));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(9)]
    [InlineData(99)]
    public void ExpectedMaxResidual_OfOneFixedTime_IsTheMaximumOfUniforms(double inFlight)
    {
        // Every slot has U(0, 10) left: E[max of k uniforms] = 10 k ÷ (k + 1).
        var times = new ServiceTimes([new ServicePoint(10, 1000)]);

        Assert.Equal(10 * inFlight / (inFlight + 1), times.ExpectedMaxResidual(inFlight), 2);
    }

    [Fact]
    public void ExpectedMaxResidual_OfOneSlot_IsTheLengthBiasedMeanResidual()
    {
        // E[R] = E[S²] ÷ (2 E[S]) = (990 × 1 + 10 × 400) ÷ (2 × 1,190) = 2.0966…
        var times = new ServiceTimes([new ServicePoint(1, 990), new ServicePoint(20, 10)]);

        Assert.Equal(4990.0 / 2380, times.ExpectedMaxResidual(1), 2);
    }

    [Fact]
    public void ExpectedMaxResidual_WithRareTimeoutsAndManySlots_IsNearlyTheTimeout()
    {
        // 1% of fetches time out at 20 s but hold 17% of the slot-seconds: among 512 slots some hold one.
        var times = new ServiceTimes([new ServicePoint(1, 990), new ServicePoint(20, 10)]);

        var drain = times.ExpectedMaxResidual(512);

        Assert.InRange(drain, 19.5, 20);
        Assert.True(times.ExpectedMaxResidual(4) < drain / 2, "a few slots rarely hold a timeout");
    }

    [Fact]
    public void FromHistogram_PutsTimeoutsAtTheirOwnMean()
    {
        var times = ServiceTimes.FromHistogram([(1.0, 10L), (30.0, 5L)], slowCount: 5, slowSeconds: 20);

        // The 5 items of (1, 30] are the timeouts: they move to 20 s, the bucket keeps none; (0, 1] sits at 0.5 s.
        Assert.Equal((10 * 0.5 + 5 * 20) / 15.0, times.Mean, 9);
        Assert.Equal(20, times.Max);
    }
}
