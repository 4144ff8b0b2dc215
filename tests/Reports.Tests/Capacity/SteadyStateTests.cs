using Appliance.Reports.Capacity;

namespace Appliance.Reports.Tests.Capacity;

public class SteadyStateTests
{
    // 100 in flight, 2 s a slot: 50 items a second (Little).
    private static (List<StageSample> Samples, RateEstimate Window) Held(int seconds, double inFlight = 100, double perSecond = 50)
    {
        var samples = Enumerable.Range(1, seconds).Select(t => new StageSample(t, 1, (long)perSecond, inFlight, 0.5)).ToList();
        return (samples, StageRate.Estimate(CounterSample.Accumulate(samples.Select(s => (s.Seconds, s.Completed)))));
    }

    [Fact]
    public void Detect_ALongSampleAtItsLimit_IsSteady_AndReadsTheSlotTimeByLittlesLaw()
    {
        var (samples, window) = Held(200);

        var check = SteadyState.Detect(samples, 100, window, 1, 50, 0);

        Assert.True(check.Reached, check.Reason);
        Assert.Equal(2, check.SlotSeconds, 6);
        Assert.InRange(check.HeldSeconds, 150, 170);
    }

    [Fact]
    public void Detect_AShortSample_IsNotSteady_AndSaysHowManyRowsItNeeds()
    {
        var (samples, window) = Held(20);

        var check = SteadyState.Detect(samples, 100, window, 1, 50, 0);

        Assert.False(check.Reached);
        // The 10–90% window must last max(30 s, 10 × 2 s) at 50 rows/s: 50 × 30 ÷ 0.8.
        Assert.Equal(1875, check.SampleRowsNeeded);
    }

    [Fact]
    public void Detect_ASampleBelowItsLimit_IsNotSteady_HoweverLong()
    {
        var (samples, window) = Held(200, inFlight: 40, perSecond: 20);

        var check = SteadyState.Detect(samples, 100, window, 1, 50, 0);

        Assert.False(check.Reached);
        Assert.Equal(0, check.HeldSeconds);
    }

    [Fact]
    public void Detect_RareTimeouts_NeedEnoughOfThemInTheSample()
    {
        var (samples, window) = Held(200);

        var check = SteadyState.Detect(samples, 100, window, 1, 50, rareItemsPerRow: 0.001);

        Assert.Equal(20_000, check.SampleRowsNeeded);
    }

    [Fact]
    public void Detect_ASampleWaitingForTheCpu_NeedsTenServiceTimes_NotTenSlotTimes()
    {
        // 100 in flight at 5 a second: each held its slot 20 s, of which 2 s fetching and the rest waiting for the CPU.
        var (samples, window) = Held(60, inFlight: 100, perSecond: 5);

        var bySlot = SteadyState.Detect(samples, 100, window, 1, 5, 0);
        var byService = SteadyState.Detect(samples, 100, window, 1, 5, 0, serviceSeconds: 2);

        Assert.Equal(20, bySlot.SlotSeconds, 6);
        Assert.Equal(200, bySlot.NeededSeconds, 6);
        Assert.False(bySlot.Reached);
        Assert.Equal(30, byService.NeededSeconds, 6);
        Assert.True(byService.Reached, byService.Reason);
    }

    [Fact]
    public void SampleRowsNeeded_CountsTheLastWave_ThatNeverHoldsTheLimit()
    {
        // 400 in flight at 50 rows a second: the last 400 rows drain below the limit, so 30 s held inside the window
        // needs (50 × 30 + 400) ÷ 0.9 = 2,112 rows, more than the window alone (1,875).
        var (samples, window) = Held(20, inFlight: 400, perSecond: 50);

        var check = SteadyState.Detect(samples, 400, window, 1, 50, 0, serviceSeconds: 2);

        Assert.Equal(2112, check.SampleRowsNeeded);
    }
}
