using Appliance.Reports.Capacity;

namespace Appliance.Reports.Tests.Capacity;

public class HostSpeedSummaryTests
{
    [Fact]
    public void From_TakesEachReadingsMedian_AndTheSpreadOfTheTenSecondMedians()
    {
        // Three full 10-second blocks at geometric means 2, 2 × 1.1 and 2 ÷ 1.1 (compute × memory = 4, 4.84, 3.306):
        // their logs sit at ln 2 and ± ln 1.1, a sample standard deviation of ln 1.1, so the host moved ±10 %.
        var readings = new List<(double, double, double)>();
        foreach (var (block, factor) in new[] { (0, 1.0), (1, 1.1), (2, 1 / 1.1) })
        {
            for (var i = 0; i < 10; i++)
            {
                readings.Add((block * 10 + i + 0.5, factor, 4 * factor));
            }
        }

        var s = HostSpeedSummary.From(readings)!;

        Assert.Equal(30, s.Readings);
        Assert.Equal(1.0, s.ComputeMs, 9);
        Assert.Equal(4.0, s.MemoryMs, 9);
        Assert.Equal(0.1, s.Moved!.Value, 9);
    }

    [Fact]
    public void From_NeedsThreeBlocksForASpread_AndIgnoresEmptyReadings()
    {
        var two = Enumerable.Range(0, 20).Select(i => (i + 0.5, 1.0 + (i % 2), 5.0)).ToList();
        var partial = two.Append((25.5, 9.0, 9.0)).Append((26.5, 0.0, 5.0)).ToList(); // a lone reading is no block; a zero is no reading

        Assert.Null(HostSpeedSummary.From(two)!.Moved);
        Assert.Null(HostSpeedSummary.From(partial)!.Moved);
        Assert.Equal(21, HostSpeedSummary.From(partial)!.Readings);
        Assert.Null(HostSpeedSummary.From([(1, 0, 0)]));
        Assert.Null(HostSpeedSummary.From([]));
    }

    [Fact]
    public void SlowerIn_IsTheGeometricMeansRatio()
    {
        var before = new HostSpeedSummary(2, 8, 10, null);

        Assert.Equal(0.1, before.SlowerIn(new HostSpeedSummary(2.2, 8.8, 10, null)), 9);
        Assert.Equal(0, before.SlowerIn(new HostSpeedSummary(4, 4, 10, null)), 9); // one faster, the other slower by as much
        Assert.Equal(-0.5, before.SlowerIn(new HostSpeedSummary(1, 4, 10, null)), 9);
    }
}
