using Appliance.Runs;

namespace Appliance.Tests.Runs;

public class RunSeriesTests
{
    private static List<RunSample> OnOwnersClock(string? owner, params RunSample[] samples) =>
        RunSeries.OnOwnersClock(samples, owner, x => x.Node, (a, b) => a with { Scrape = a.Scrape + b.Scrape, Generate = a.Generate + b.Generate });

    private static RunSample At(double seconds, string node, long scrape, long generate = 0, long rss = 100) =>
        new(seconds, scrape, generate, InFlight: 1, Rss: rss, Cpu: 0.5, Node: node);

    [Fact]
    public void OtherNodesCompletions_CountInTheOwnersIntervalThatHoldsThem_AndItsHostFiguresStayItsOwn()
    {
        var series = OnOwnersClock("a",
            At(0.4, "b", 7), At(1, "a", 1), At(1.4, "b", 2, 5, rss: 999), At(2, "a", 3), At(2.4, "b", 4), At(3, "a", 0), At(3.4, "b", 6));

        Assert.Equal([1.0, 2.0, 3.0], series.Select(x => x.Seconds));
        // Before the first: into the first; after the last: into the last. Nothing lost, nothing twice.
        Assert.Equal([1 + 7, 3 + 2, 0 + 4 + 6], series.Select(x => x.Scrape));
        Assert.Equal([0, 5, 0], series.Select(x => x.Generate));
        Assert.All(series, x => Assert.Equal(("a", 100L), (x.Node, x.Rss!.Value)));
    }

    [Fact]
    public void WithoutAnOwner_EverySampleIsTheRunsOwn()
    {
        var series = OnOwnersClock(null, At(1, "a", 1), At(2, "a", 2));

        Assert.Equal([1L, 2L], series.Select(x => x.Scrape));
    }

    [Fact]
    public void AnOwnerWithoutSamples_GivesAnEmptySeries()
    {
        Assert.Empty(OnOwnersClock("a", At(1, "b", 1)));
    }
}
