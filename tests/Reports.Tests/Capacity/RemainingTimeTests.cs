using Appliance.Reports.Capacity;

namespace Appliance.Reports.Tests.Capacity;

public class RemainingTimeTests
{
    // 10,000 rows: scrape 400 s, generate 1,000 s in the steady state, drain 30 s, expected 1,200 s in [900, 1,800].
    private static readonly ProjectionResult Projection = new(10_000, 1_200, 900, 1_800, "generate", "",
        [new StageTime("scrape", 400, 20, 8_000, ""), new StageTime("generate", 1_000, 10, 10_000, "")])
    {
        DrainSeconds = 30,
    };

    [Fact]
    public void RowsLeft_ArePricedAtEachStagesSecondsARow_CombinedWithTheOverlap_PlusDrain()
    {
        // S = 2,000 × 0.04 = 80 s, G = 5,000 × 0.1 = 500 s; overlap 0.75: 500 + 0.25 × 80 + 30 = 550 s.
        var left = RemainingTime.For(Projection, overlap: 0.75, scrapeLeft: 2_000, generateLeft: 5_000);

        Assert.Equal(550, left.Expected, 6);
        Assert.Equal(550 * 900 / 1_200.0, left.Low, 6);
        Assert.Equal(550 * 1_800 / 1_200.0, left.High, 6);
    }

    [Fact]
    public void WhenScrapeHasMoreLeft_ItLeads()
    {
        // S = 20,000 × 0.04 = 800 s, G = 1,000 × 0.1 = 100 s; no overlap: 800 + 100 + 30.
        Assert.Equal(930, RemainingTime.For(Projection, overlap: 0, scrapeLeft: 20_000, generateLeft: 1_000).Expected, 6);
    }

    [Fact]
    public void NothingLeft_IsZero_AndNegativeRowsAreAnError()
    {
        Assert.Equal(new RemainingEstimate(0, 0, 0), RemainingTime.For(Projection, 0.5, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => RemainingTime.For(Projection, 0.5, -1, 0));
    }
}
