using Appliance.Reports.Report;

namespace Appliance.Reports.Tests.Report;

public sealed class StageSeriesTests
{
    static List<TelemetrySample> Scrape(params long[] completed) =>
        completed.Select((c, i) => new TelemetrySample { SecondsSinceStart = i, ScrapeCompleted = c }).ToList();

    [Fact]
    public void RatePerMinute_IsCompletionsOverTheTrailingWindow()
    {
        // 10 items a second, steady.
        var samples = Scrape(Enumerable.Range(0, 20).Select(i => i * 10L).ToArray());

        var rates = StageSeries.RatePerMinute(samples, "scrape", windowSeconds: 5);

        Assert.Null(rates[0]);
        Assert.All(rates.Skip(1), r => Assert.Equal(600, r!.Value, precision: 6));
    }

    [Fact]
    public void RatePerMinute_FallsToZeroAfterTheStageFinishes()
    {
        var samples = Scrape(0, 30, 60, 90, 90, 90, 90, 90, 90, 90);

        var rates = StageSeries.RatePerMinute(samples, "scrape", windowSeconds: 5);

        Assert.Equal(1_800, rates[3]!.Value, precision: 6);
        Assert.Equal(0, rates[9]!.Value, precision: 6);
    }

    [Fact]
    public void ActiveWindow_SpansFirstToLastCompletion_Padded()
    {
        // Completions change between samples 19→20 … 21→22: the window is 19…22 with 5 samples either side.
        var samples = Scrape([.. Enumerable.Repeat(0L, 20), 5, 10, 15, .. Enumerable.Repeat(15L, 30)]);

        Assert.Equal((14, 27), StageSeries.ActiveWindow(samples, "scrape"));
    }

    [Fact]
    public void UnknownStage_HasNoSeries()
    {
        var samples = Scrape(0, 10, 20);

        Assert.All(StageSeries.RatePerMinute(samples, "enrich"), r => Assert.Null(r));
    }
}
