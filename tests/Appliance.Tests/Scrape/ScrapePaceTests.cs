using Appliance.Scrape;

namespace Appliance.Tests.Scrape;

/// <summary>A scrape run's pace read back from its samples: steady rate, slots held, slot time a fetch (Little's law), fill and drain.</summary>
public sealed class ScrapePaceTests
{
    /// <summary>Fill to 100 in flight over 1 s, 50 fetches a second for 100 s, then the last 100 drain over 5 s; a sample every 0.1 s.</summary>
    private static List<(double, long, int)> Run()
    {
        var samples = new List<(double, long, int)>();
        for (var i = 0; i <= 1060; i++)
        {
            var t = i / 10.0;
            var (ended, inFlight) = t switch
            {
                < 1 => (0L, (int)(100 * t)),
                <= 101 => ((long)(50 * (t - 1)), 100),
                _ => (5000 + (long)(20 * (t - 101)), 100 - (int)(20 * (t - 101))),
            };
            samples.Add((t, ended, inFlight));
        }

        return samples;
    }

    [Fact]
    public void TheSteadyPart_GivesItsRate_ItsSlotsHeld_AndTheSlotTimeAFetch()
    {
        var pace = ScrapePace.Read(Run(), limit: 100)!;

        Assert.Equal(3000, pace.SteadyFetchesPerMinute, 20.0);
        Assert.Equal(100, pace.SteadyMeanInFlight);
        Assert.Equal(2.0, pace.SlotSecondsPerFetch, 0.02);
    }

    [Fact]
    public void FillAndDrain_AreTheTimesBeforeTheLimitIsFirstFull_AndAfterItIsLastFull()
    {
        var pace = ScrapePace.Read(Run(), limit: 100)!;

        Assert.Equal(1.0, pace.FillSeconds, 0.11);
        Assert.Equal(5.0, pace.DrainSeconds, 0.11);
    }

    [Fact]
    public void SlotsLeftIdle_ShowAsFewerHeld_AndTheSameSlotTime()
    {
        // The same fetches at half the rate with half the slots held: a limit idle, not slower fetches.
        var half = Run().Select(s => (s.Item1 * 2, s.Item2, s.Item3 / 2)).ToList();

        var pace = ScrapePace.Read(half, limit: 100)!;

        Assert.Equal(1500, pace.SteadyFetchesPerMinute, 10.0);
        Assert.Equal(50, pace.SteadyMeanInFlight);
        Assert.Equal(2.0, pace.SlotSecondsPerFetch, 0.02);
    }

    [Fact]
    public void ARunOfAFewFetches_HasNoPace()
    {
        Assert.Null(ScrapePace.Read([(0.0, 0L, 3), (0.1, 5L, 0)], limit: 512));
        Assert.Null(ScrapePace.Read([(0.0, 0L, 100), (0.1, 200L, 0)], limit: 512));
    }
}
