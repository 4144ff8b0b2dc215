using Appliance.Reports.Capacity;

namespace Appliance.Reports.Tests.Capacity;

public class CapacityLawsTests
{
    [Fact]
    public void ClosedLoop_OneItem_CyclesThroughDelayAndCpu() => Assert.Equal(1 / 2.5, CapacityLaws.ClosedLoop(1, 2, 0.5, 1), 12);

    [Fact]
    public void ClosedLoop_TwoItemsOnOneCore_IsTheTextbookMeanValueAnswer()
    {
        // Z = 1, D = 1: n = 1: R = 1, X = 1 ÷ 2, Q = 0.5; n = 2: R = 1.5, X = 2 ÷ 2.5 = 0.8.
        Assert.Equal(0.8, CapacityLaws.ClosedLoop(2, 1, 1, 1), 12);
    }

    [Fact]
    public void ClosedLoop_NoDelay_OneCore_RunsAtTheCoresRateWhateverTheItems()
    {
        foreach (var n in new[] { 1, 7, 500 })
        {
            Assert.Equal(1 / 0.004, CapacityLaws.ClosedLoop(n, 0, 0.004, 1), 6);
        }
    }

    [Theory]
    [InlineData(10, 1.0, 0.001, 2)]      // far below the knee (N* = 2 × 1.001 ÷ 0.001 ≈ 2,000): Little's N ÷ (Z + D)
    [InlineData(50_000, 1.0, 0.001, 2)]  // far above it: the cores' m ÷ D
    public void ClosedLoop_FarFromTheKnee_MeetsTheLowerBound(int n, double z, double d, double m)
    {
        var bound = Math.Min(n / (z + d), m / d);
        var x = CapacityLaws.ClosedLoop(n, z, d, m);

        Assert.InRange(x, 0.99 * bound, bound * (1 + 1e-9));
    }

    [Fact]
    public void ClosedLoop_AtTheKnee_RunsBelowBothBounds()
    {
        // N* = 1 × (1 + 0.01) ÷ 0.01 = 101: with 101 items both bounds are 100/s; queueing keeps the loop well below.
        var x = CapacityLaws.ClosedLoop(101, 1, 0.01, 1);

        Assert.InRange(x, 80, 97);
    }

    [Fact]
    public void ClosedLoop_WithoutCpuFigures_IsLittle() => Assert.Equal(256, CapacityLaws.ClosedLoop(512, 2, 0, 2), 9);

    [Fact]
    public void Little_IsInFlightOverSecondsAnItem() => Assert.Equal(256, CapacityLaws.Little(512, 2));

    [Fact]
    public void Little_WithoutAServiceTime_DoesNotBound() => Assert.True(double.IsPositiveInfinity(CapacityLaws.Little(64, 0)));

    [Fact]
    public void Utilization_IsUsableCoresOverCpuSecondsAnItem() => Assert.Equal(1020, CapacityLaws.Utilization(6, 0.005, 0.85), 9);

    [Fact]
    public void Utilization_ScalesWithCores() =>
        Assert.Equal(3, CapacityLaws.Utilization(6, 0.005, 0.85) / CapacityLaws.Utilization(2, 0.005, 0.85), 9);

    [Fact]
    public void LlmLimits_AreRequestsOrTokensAMinuteAtThePacersShare()
    {
        Assert.Equal(9.9, CapacityLaws.RequestsPerMinute(600), 9);
        Assert.Equal(1.65, CapacityLaws.TokensPerMinute(60_000, 600), 9);
        Assert.True(double.IsPositiveInfinity(CapacityLaws.RequestsPerMinute(0)));
    }

    [Theory]
    [InlineData(0.0, 8.0)] // half the fetches on one host, 4 connections, 1 s each: 8 a second
    [InlineData(1.0, 2.0)] // a 1 s delay between its requests: 2 a second
    public void HostPoliteness_IsTheBusiestHostsPace(double delay, double expected) =>
        Assert.Equal(expected, CapacityLaws.HostPoliteness(0.5, 1, 4, delay), 9);

    [Fact]
    public void Database_IsItsWriteRateOverRowsWrittenAnItem() => Assert.Equal(2500, CapacityLaws.Database(10_000, 4), 9);

    [Fact]
    public void Pipeline_AStageFasterThanItsInput_Trails_AndIsNeverTheBottleneck()
    {
        var stages = CapacityLaws.Pipeline([
            ("scrape", 1.0, [new CapacityBound(CapacityLimit.InFlight, 100, 100, "")]),
            ("generate", 1.0, [new CapacityBound(CapacityLimit.Cpu, 300, 300, "")]),
        ]);

        Assert.False(stages[0].Trailing);
        Assert.True(stages[1].Trailing);
        Assert.Equal("scrape", CapacityLaws.Bottleneck(stages).Stage);
    }

    [Fact]
    public void Pipeline_ASlowerDownstreamStage_IsTheBottleneck_WithItsBindingLimit()
    {
        var stages = CapacityLaws.Pipeline([
            ("scrape", 0.5, [new CapacityBound(CapacityLimit.InFlight, 150, 300, "")]),
            ("generate", 1.0, [new CapacityBound(CapacityLimit.InFlight, 200, 200, ""), new CapacityBound(CapacityLimit.LlmRpm, 100, 100, "")]),
        ]);

        var bottleneck = CapacityLaws.Bottleneck(stages);

        Assert.Equal("generate", bottleneck.Stage);
        Assert.Equal(CapacityLimit.LlmRpm, bottleneck.Limit);
        Assert.False(bottleneck.Trailing);
    }

    [Theory]
    [InlineData(512, 1.5, 0.004, 1.9)]
    [InlineData(100, 2, 0.01, 0.85)]
    [InlineData(40, 0.3, 0.004, 1)]
    [InlineData(512, 2.5, 0.002, 1.9)]
    public void DelayFor_RecoversTheDelayTheClosedLoopRanWith(double inFlight, double delay, double cpu, double cores)
    {
        var x = CapacityLaws.ClosedLoop(inFlight, delay, cpu, cores);

        var fit = CapacityLaws.DelayFor(x, inFlight, cpu, cores);

        Assert.True(fit.Resolved);
        Assert.Equal(delay, fit.Seconds, 6);
        Assert.Equal(x, CapacityLaws.ClosedLoop(inFlight, fit.Seconds, cpu, cores), 6);
    }

    [Fact]
    public void DelayFor_ACpuSaturatedThroughput_DoesNotResolveTheDelay()
    {
        // 512 in flight on one core at 8 ms a fetch: the knee N* = 1 × 0.508 ÷ 0.008 ≈ 64, far below 512, so the loop runs
        // at the core's 125 a second for any delay up to ~3.5 s: the delay cannot be read back.
        var x = CapacityLaws.ClosedLoop(512, 0.5, 0.008, 1);

        var fit = CapacityLaws.DelayFor(x, 512, 0.008, 1);

        Assert.InRange(x, 0.99 * 125, 125);
        Assert.False(fit.Resolved);
        Assert.Equal(0, fit.Seconds);
        Assert.False(CapacityLaws.DelayFor(130, 512, 0.008, 1).Resolved);
    }

    [Fact]
    public void DelayFor_NoThroughput_IsNotResolved() => Assert.False(CapacityLaws.DelayFor(0, 100, 0.01, 1).Resolved);
}
