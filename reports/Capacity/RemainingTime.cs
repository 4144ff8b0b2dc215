namespace Appliance.Reports.Capacity;

/// <summary>Seconds until an upload in flight is through, by the capacity model, with the projection's 90% interval.</summary>
public sealed record RemainingEstimate(double Expected, double Low, double High);

/// <summary>
/// The time left for an upload part-way through, priced by a projection of a measured run: each stage's seconds a row
/// (<see cref="StageTime.Seconds"/> ÷ rows, so duplicate URLs and failures are priced as that run saw them) times the
/// rows it has left, combined as the projection combines stages, plus the drain. Ingest and fill are behind it.
/// <code>
/// S = scrape left × scrape seconds ÷ rows,  G = generate left × generate seconds ÷ rows
/// left = max(S, G) + (1 − overlap) × min(S, G) + drain   (interval: the projection's, as a share of its expectation)
/// </code>
/// </summary>
public static class RemainingTime
{
    public static RemainingEstimate For(ProjectionResult projection, double overlap, long scrapeLeft, long generateLeft)
    {
        if (scrapeLeft < 0 || generateLeft < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(scrapeLeft), "rows left cannot be negative");
        }

        if (scrapeLeft == 0 && generateLeft == 0)
        {
            return new RemainingEstimate(0, 0, 0);
        }

        double PerRow(string stage) => projection.Stages.Single(s => s.Stage == stage).Seconds / projection.Rows;
        var s = scrapeLeft * PerRow("scrape");
        var g = generateLeft * PerRow("generate");
        var o = Math.Clamp(overlap, 0, 1);
        var expected = Math.Max(s, g) + ((1 - o) * Math.Min(s, g)) + projection.DrainSeconds;
        return new RemainingEstimate(expected,
            expected * projection.SecondsLow / projection.SecondsExpected,
            expected * projection.SecondsHigh / projection.SecondsExpected);
    }
}
