using Appliance.Reports.Capacity;
using Appliance.Reports.Tests.Support;

namespace Appliance.Reports.Tests.Capacity;

public class CapacityProjectorTests
{
    private static ProjectionResult ProjectFromSmall(SyntheticPipeline pipeline, long small, long large) =>
        CapacityProjector.Project(new ProjectionInput(SyntheticPipeline.Measure(pipeline.Simulate(small))), large);

    [Theory]
    [InlineData(200, 1000)] // scrape-bound, generate (template) trails it
    [InlineData(200, 40)]   // generate-bound (an LLM), scrape far ahead
    [InlineData(100, 100)]  // both at the same rate
    [InlineData(200, 100, true)] // generate only starts once scrape is done
    public void Project_5kRunTo50k_IsWithin3PercentOfTheSimulated50kRun(double scrapeRate, double generateRate, bool sequential = false)
    {
        // The synthetic pipeline is built from exactly the terms the model has (constant fill, lag and drain,
        // steady rates with ±20% noise), so the projection must land much closer than the issue's ±10%.
        var pipeline = new SyntheticPipeline(ScrapeRate: scrapeRate, GenerateRate: generateRate, Sequential: sequential);
        var actual = pipeline with { Seed = 2 };

        var projection = ProjectFromSmall(pipeline, 5_000, 50_000);
        var real = actual.Simulate(50_000).WallSeconds;

        Assert.InRange(projection.SecondsExpected, real * 0.97, real * 1.03);
        Assert.InRange(real, projection.SecondsLow, projection.SecondsHigh);
    }

    [Fact]
    public void Project_TheRunsOwnRowCount_GivesBackItsWallTime()
    {
        var run = new SyntheticPipeline().Simulate(5_000);

        var projection = CapacityProjector.Project(new ProjectionInput(SyntheticPipeline.Measure(run)), 5_000);

        Assert.Equal(run.WallSeconds, projection.SecondsExpected, 6);
    }

    [Fact]
    public void Project_FillAndDrainDoNotGrowWithRows()
    {
        var input = new ProjectionInput(SyntheticPipeline.Measure(new SyntheticPipeline(DrainSeconds: 20).Simulate(5_000)));

        var small = CapacityProjector.Project(input, 10_000);
        var large = CapacityProjector.Project(input, 500_000);

        Assert.Equal(small.FillSeconds + small.DrainSeconds, large.FillSeconds + large.DrainSeconds, 6);
        Assert.InRange(large.DrainSeconds, 15, 30); // the synthetic 20 s timeout tail, give or take a sample
        Assert.Equal("scrape", large.Bottleneck);
        Assert.Contains("drain", large.Reason);
    }

    [Fact]
    public void Project_IsDeterministicAndOrdered()
    {
        var input = new ProjectionInput(SyntheticPipeline.Measure(new SyntheticPipeline().Simulate(5_000)));

        var a = CapacityProjector.Project(input, 500_000);
        var b = CapacityProjector.Project(input, 500_000);

        Assert.Equal(a.SecondsExpected, b.SecondsExpected);
        Assert.Equal(a.SecondsLow, b.SecondsLow);
        Assert.Equal(a.SecondsHigh, b.SecondsHigh);
        Assert.True(a.SecondsLow < a.SecondsExpected && a.SecondsExpected < a.SecondsHigh);
    }

    [Fact]
    public void Project_FileCrowdedOntoOneHost_IsLimitedByThatHostsPoliteness()
    {
        var input = new ProjectionInput(SyntheticPipeline.Measure(new SyntheticPipeline().Simulate(5_000)))
        {
            WhatIf = new Scenario { Target = SyntheticPipeline.LabMix with { LargestHostShare = 0.3 } },
        };

        var projection = CapacityProjector.Project(input, 50_000);

        // 30% of 50,000 fetches through 4 connections at 0.7625 s a fetch.
        var hostSeconds = 0.3 * 50_000 * SyntheticPipeline.LabMix.Failures.MeanSeconds / 4;
        var scrape = projection.Stages.Single(s => s.Stage == "scrape");
        Assert.Equal(hostSeconds, scrape.Seconds, 6);
        Assert.Equal("scrape", projection.Bottleneck);
        Assert.Contains("host politeness", projection.Reason);
        Assert.Equal(projection.IngestSeconds + projection.FillSeconds + hostSeconds + projection.DrainSeconds, projection.SecondsExpected, 6);
    }

    [Fact]
    public void Project_FileOnFewHosts_CannotUseAllSlots()
    {
        var measured = SyntheticPipeline.Measure(new SyntheticPipeline().Simulate(5_000));
        var baseline = CapacityProjector.Project(new ProjectionInput(measured), 50_000);
        var fewHosts = CapacityProjector.Project(new ProjectionInput(measured)
        {
            WhatIf = new Scenario { Target = SyntheticPipeline.LabMix with { DistinctHosts = 20, LargestHostShare = 0.05 } },
        }, 50_000);

        // 20 hosts × 4 connections = 80 usable slots of the 512: the latency-bound rate falls by 512/80.
        Assert.Equal(Scrape(baseline).Seconds * 512 / 80, Scrape(fewHosts).Seconds, 3);
        Assert.Contains("80 usable slots", Scrape(fewHosts).Limit);
    }

    [Fact]
    public void Project_SlowFailuresInTheTargetFile_StretchTheScrapeAndItsDrain()
    {
        var measured = SyntheticPipeline.Measure(new SyntheticPipeline().Simulate(5_000));
        var timeouts = SyntheticPipeline.LabMix with { Failures = new FailureMix(0.8, 0.05, 0.05, 0.2, 20) };
        var baseline = CapacityProjector.Project(new ProjectionInput(measured), 50_000);

        var projection = CapacityProjector.Project(new ProjectionInput(measured) { WhatIf = new Scenario { Target = timeouts } }, 50_000);

        // Little's law: the same slots, each held 4.6025 s on average instead of 0.7625 s.
        Assert.Equal(Scrape(baseline).Seconds * 4.6025 / 0.7625, Scrape(projection).Seconds, 3);
        Assert.Equal(baseline.DrainSeconds + 20, projection.DrainSeconds, 6);
        Assert.True(projection.SecondsHigh - projection.SecondsExpected >= 10, "a timeout tail widens the interval");
    }

    [Fact]
    public void WhatIf_MoreCores_SpeedUpACpuBoundStage()
    {
        var measured = SyntheticPipeline.Measure(new SyntheticPipeline().Simulate(5_000), cores: 2, scrapeCpu: 1.9);
        var onTwo = CapacityProjector.Project(new ProjectionInput(measured), 50_000);

        var onSix = CapacityProjector.Project(new ProjectionInput(measured) { WhatIf = new Scenario { Cores = 6 } }, 50_000);

        Assert.Equal(Scrape(onTwo).Seconds / 3, Scrape(onSix).Seconds, 3);
        Assert.Contains("CPU-bound", Scrape(onSix).Limit);
    }

    [Fact]
    public void WhatIf_MoreCores_DoNotHelpALatencyBoundStage_AndSaySo()
    {
        var measured = SyntheticPipeline.Measure(new SyntheticPipeline().Simulate(5_000), cores: 2, scrapeCpu: 0.4);
        var onTwo = CapacityProjector.Project(new ProjectionInput(measured), 50_000);

        var onSix = CapacityProjector.Project(new ProjectionInput(measured) { WhatIf = new Scenario { Cores = 6 } }, 50_000);

        Assert.Equal(Scrape(onTwo).Seconds, Scrape(onSix).Seconds, 6);
        Assert.Contains(onSix.Notes, n => n.Contains("scrape is not CPU-bound"));
    }

    [Fact]
    public void WhatIf_FewerCores_CapAStageThatWasNearlyCpuBound()
    {
        // 1.5 of 2 cores at ~200 rows/s is 7.5 ms of CPU a row: one core at 85% manages ~113 rows/s.
        var measured = SyntheticPipeline.Measure(new SyntheticPipeline().Simulate(5_000), cores: 2, scrapeCpu: 1.5);

        var onOne = CapacityProjector.Project(new ProjectionInput(measured) { WhatIf = new Scenario { Cores = 1 } }, 50_000);

        var expectedRate = 0.85 * 1 / (1.5 / measured.Scrape.Rate.PerSecond);
        Assert.Equal(expectedRate, Scrape(onOne).ItemsPerSecond, 6);
        Assert.StartsWith("CPU", Scrape(onOne).Limit);
    }

    [Fact]
    public void WhatIf_LlmRateLimit_CapsGenerate()
    {
        var measured = SyntheticPipeline.Measure(new SyntheticPipeline().Simulate(5_000), generateLatency: 2);

        var rpm = CapacityProjector.Project(new ProjectionInput(measured) { WhatIf = new Scenario { Llm = new LlmLimits(600, 0, 500) } }, 50_000);
        var tpm = CapacityProjector.Project(new ProjectionInput(measured) { WhatIf = new Scenario { Llm = new LlmLimits(0, 60_000, 500) } }, 50_000);
        var loose = CapacityProjector.Project(new ProjectionInput(measured) { WhatIf = new Scenario { Llm = new LlmLimits(100_000, 0, 500) } }, 50_000);

        Assert.Equal("generate", rpm.Bottleneck);
        Assert.Equal(600 * 0.99 / 60, Generate(rpm).ItemsPerSecond, 6);
        Assert.Equal(60_000 * 0.99 / 60 / 500, Generate(tpm).ItemsPerSecond, 6);
        Assert.Equal(64 / 2.0, Generate(loose).ItemsPerSecond, 6); // latency-bound: 64 in flight ÷ 2 s
        Assert.Contains("LLM rate limit: 600 requests/min", rpm.Reason);
        Assert.True(rpm.SecondsLow < rpm.SecondsExpected && rpm.SecondsExpected < rpm.SecondsHigh, "a configured limit still varies from run to run");
    }

    [Fact]
    public void WhatIf_Concurrency_ScalesByTheUslCurve()
    {
        var measured = SyntheticPipeline.Measure(new SyntheticPipeline().Simulate(5_000));
        var usl = UslModel.Of(0.02, 2e-6, 1, maxMeasuredConcurrency: 512);
        var at512 = CapacityProjector.Project(new ProjectionInput(measured) { ScrapeUsl = usl }, 50_000);

        var at256 = CapacityProjector.Project(new ProjectionInput(measured) { ScrapeUsl = usl, WhatIf = new Scenario { ScrapeConcurrency = 256 } }, 50_000);

        Assert.Equal(Scrape(at512).Seconds * usl.ThroughputAt(512) / usl.ThroughputAt(256), Scrape(at256).Seconds, 3);
        Assert.Equal(usl.RecommendedConcurrency(), at512.RecommendedConcurrency);
    }

    [Fact]
    public void WhatIf_MoreConcurrencyWithoutASweep_IsNotCredited()
    {
        var measured = SyntheticPipeline.Measure(new SyntheticPipeline().Simulate(5_000));
        var baseline = CapacityProjector.Project(new ProjectionInput(measured), 50_000);

        var doubled = CapacityProjector.Project(new ProjectionInput(measured) { WhatIf = new Scenario { ScrapeConcurrency = 1024 } }, 50_000);

        Assert.Equal(baseline.SecondsExpected, doubled.SecondsExpected, 6);
        Assert.Contains(doubled.Notes, n => n.Contains("no concurrency sweep"));
        Assert.Null(doubled.RecommendedConcurrency);
    }

    [Fact]
    public void Project_StageWithoutASteadyRate_ThrowsWithTheReason()
    {
        var measured = SyntheticPipeline.Measure(new SyntheticPipeline().Simulate(5_000));
        var broken = measured with { Generate = measured.Generate with { Rate = RateEstimate.NotEnoughData("not enough data: 2 sample(s)", 2) } };

        var e = Assert.Throws<ProjectionException>(() => CapacityProjector.Project(new ProjectionInput(broken), 50_000));

        Assert.Contains("generate", e.Message);
        Assert.Contains("not enough data", e.Message);
    }

    private static StageTime Scrape(ProjectionResult p) => p.Stages.Single(s => s.Stage == "scrape");

    private static StageTime Generate(ProjectionResult p) => p.Stages.Single(s => s.Stage == "generate");
}
