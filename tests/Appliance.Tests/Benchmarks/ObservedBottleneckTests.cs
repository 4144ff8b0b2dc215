using Appliance.Benchmarks;
using Appliance.Reports.Capacity;
using Appliance.Runs;
using Appliance.Tests.Runs;

namespace Appliance.Tests.Benchmarks;

public class ObservedBottleneckTests
{
    [Fact]
    public void Mark_IsTheSecondByWhichNinetyPercentWereDone()
    {
        RunSample At(double seconds, long scrape) => new(seconds, scrape, 0, 0, null, null);

        var samples = new[] { At(1, 50), At(2, 30), At(3, 10), At(4, 0), At(30, 10) };

        Assert.Equal(3, ObservedBottleneck.Mark(samples, x => x.Scrape));
        Assert.Equal(0, ObservedBottleneck.Mark(samples, x => x.Generate));
    }

    [Fact]
    public void Of_AStageThatBuiltABacklog_IsTheBottleneck_ThoughTheOtherStagesStragglersEndedLate()
    {
        // Lab LLM mix 511, 50,000 rows: generate ran at its 512 slots ÷ 2.8 s the whole run while scrape got ahead; scrape's
        // last hung sites timed out so late that its last completion came within a tenth of the run of generate's.
        var run = RecordedPairs.Load("run-lab-50000-mix511.json");
        var summary = run.Run.Summary!;
        Assert.True(summary.Generate.EndSeconds - summary.Scrape.EndSeconds < 0.1 * summary.Seconds);

        var observed = ObservedBottleneck.Of(summary, run.Samples);

        Assert.Equal("generate", observed.Stage);
        Assert.True(ObservedBottleneck.Mark(run.Samples, x => x.Generate) - ObservedBottleneck.Mark(run.Samples, x => x.Scrape) > 0.1 * summary.Seconds);
    }

    [Fact]
    public void Of_ATemplateRun_IsBoundByScrape_OnItsCpu()
    {
        // Mix 312, 30,000 rows with the template generator: generate follows scrape a hand-off behind; the host 98 % busy.
        var run = RecordedPairs.Load("run-template-30000-mix312.json");

        var observed = ObservedBottleneck.Of(run.Run.Summary!, run.Samples);

        Assert.Equal(("scrape", CapacityLimit.Cpu), (observed.Stage, observed.Limit));
        Assert.InRange(observed.HostBusyShare, 0.85, 1);
    }
}
