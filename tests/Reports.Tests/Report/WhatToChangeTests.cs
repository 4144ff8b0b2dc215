using Appliance.Reports.Capacity;
using Appliance.Reports.Report;

namespace Appliance.Reports.Tests.Report;

public sealed class WhatToChangeTests
{
    /// <summary>A run whose generate stage (16 in flight, 1 s a call, not CPU-bound) binds; a USL fit that keeps rising to 128.</summary>
    static ProjectionInput Model(double generateCpu = 0.2)
    {
        var rate = new RateEstimate(16, 15.5, 16.5, 10, 600, 590) { TotalCompleted = 10_000, CompletedBeforeWindow = 100 };
        var run = new RunMeasurements(10_000, 700, 2,
            new StageMeasurement("scrape", new RateEstimate(40, 39, 41, 5, 240, 235) { TotalCompleted = 10_000 }, 64) { ProcessCpuCores = 0.3, MeanItemSeconds = 0.5 },
            new StageMeasurement("generate", rate, 16) { ProcessCpuCores = generateCpu, MeanItemSeconds = 1 },
            ScrapeMix.From(10_000, 10_000, 5_000, 10, new FailureMix(0.5, 0, 0, 0, 0)), new HostLimits(4, 0), 2);
        var usl = UslModel.Of(0.001, 0, 1, maxMeasuredConcurrency: 128);
        return new ProjectionInput(run) { ScrapeUsl = usl, GenerateUsl = usl };
    }

    [Fact]
    public void TheBindingStagesConcurrency_ComesFirst_WithItsKeyAndAShorterTime()
    {
        var model = Model();
        var asRun = CapacityProjector.Project(model, 500_000);

        var changes = WhatToChange.Rank(model, 500_000, [], null);

        Assert.NotEmpty(changes);
        Assert.Contains("Generate:Concurrency", changes[0].Key);
        Assert.True(changes[0].Projection.SecondsExpected < asRun.SecondsExpected);
        Assert.Equal(changes.OrderBy(c => c.Projection.SecondsExpected).Select(c => c.What), changes.Select(c => c.What));
    }

    [Fact]
    public void ChangesThatDoNotHelp_AreLeftOut()
    {
        // Not CPU-bound: twice the cores changes nothing, so it is not listed.
        var changes = WhatToChange.Rank(Model(), 500_000, [], null);

        Assert.DoesNotContain(changes, c => c.Key == "the host's CPU");
    }

    [Fact]
    public void TheCustomersOldSetting_IsPricedAt32InFlight()
    {
        var model = Model();

        var old = WhatToChange.At(model, 500_000, 32)!;
        var asRun = CapacityProjector.Project(model, 500_000);

        // Generate at 16 → 32 doubles its rate on a near-linear curve; scrape at 64 → 32 halves its, and then binds.
        Assert.True(old.SecondsExpected < asRun.SecondsExpected);
        Assert.Equal("scrape", old.Bottleneck);
    }

    [Fact]
    public void ByCores_PricesEachCoreCount_FasterOrEqualWithMoreCores_AndNamesTheLimitThatTakesOver()
    {
        // Generate burns 1.9 cores at 16 in flight on this 2-core host: the CPU binds here, the in-flight limit on a bigger host.
        var model = Model(generateCpu: 1.9);

        var byCores = WhatToChange.ByCores(model, 500_000);

        Assert.Equal(WhatToChange.CoreCounts, byCores.Select(c => c.Cores));
        for (var i = 1; i < byCores.Count; i++)
            Assert.True(byCores[i].Projection.SecondsExpected <= byCores[i - 1].Projection.SecondsExpected * 1.0001, $"{byCores[i].Cores} cores slower than {byCores[i - 1].Cores}");
        Assert.True(byCores[0].Projection.SecondsExpected > byCores[^1].Projection.SecondsExpected * 1.5, "one core should be much slower than eight for a CPU-bound run");
        string Limit(ProjectionResult p) => p.Stages.First(s => s.Stage == p.Bottleneck).Limit;
        Assert.StartsWith("CPU-bound", Limit(byCores[0].Projection));
        Assert.DoesNotContain("CPU-bound", Limit(byCores[^1].Projection));
    }
}
