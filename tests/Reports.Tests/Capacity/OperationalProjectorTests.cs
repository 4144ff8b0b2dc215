using Appliance.Reports.Capacity;
using Appliance.Reports.Tests.Support;

namespace Appliance.Reports.Tests.Capacity;

public class OperationalProjectorTests
{
    [Fact]
    public void Project_FixedServiceTime_IsRowsOverLittlesRatePlusTheDrain()
    {
        var run = new ServiceTimeRun(Limit: 100, FetchSeconds: 2);

        var p = CapacityProjector.Project(run.Input(), 100_000);

        // 100,000 fetches ÷ (100 ÷ 2 s) = 2,000 s; the last 100 in flight have U(0, 2) left: 2 × 100 ÷ 101.
        Assert.Equal(2000 + 200.0 / 101, p.SecondsExpected, 1);
        Assert.Equal("scrape", p.Bottleneck);
        var scrape = p.Capacity.Single(c => c.Stage == "scrape");
        Assert.Equal(CapacityLimit.InFlight, scrape.Limit);
        Assert.Equal(50, scrape.RowsPerSecond, 3);
        Assert.True(p.Capacity.Single(c => c.Stage == "generate").Trailing);
        Assert.True(p.SteadyState!.Reached, p.SteadyState.Reason);
        Assert.InRange(p.SecondsExpected, p.SecondsLow, p.SecondsHigh);
    }

    [Fact]
    public void Project_DrainComesFromTheTail_NotFromTheSample()
    {
        var input = new ServiceTimeRun().Input();
        var withTimeouts = input with
        {
            Run = input.Run with
            {
                Service = input.Run.Service! with { Scrape = new ServiceTimes([new ServicePoint(2, 9_900), new ServicePoint(20, 100)]) },
            },
        };

        var plain = CapacityProjector.Project(input, 100_000);
        var slow = CapacityProjector.Project(withTimeouts, 100_000);

        // Timeouts are 1% of fetches but 9% of slot-seconds: about 9 of the 100 slots hold one, and the longest of 9
        // U(0, 20) residuals is 20 × 9 ÷ 10 = 18 s on average.
        Assert.InRange(slow.DrainSeconds, 17, 19);
        Assert.InRange(plain.DrainSeconds, 1.9, 2);
    }

    [Fact]
    public void Project_FewerCores_BindsOnCpu_AndNamesWhatDoesNotScale()
    {
        // 0.5 cores at 50 rows/s: 10 ms a row; half a core at 85% allows 42.5 rows/s, below Little's 50.
        var input = new ServiceTimeRun(CpuCores: 0.5).Input();

        var p = CapacityProjector.Project(input with { WhatIf = new Scenario { Cores = 0.5 } }, 100_000);

        var scrape = p.Capacity.Single(c => c.Stage == "scrape");
        Assert.Equal(CapacityLimit.Cpu, scrape.Limit);
        Assert.Equal(42.5, scrape.RowsPerSecond, 6);
        Assert.Contains(p.Notes, n => n.Contains("does not scale", StringComparison.Ordinal));
    }

    [Fact]
    public void Project_MoreCores_DoNotSpeedUpAnInFlightBoundStage()
    {
        var input = new ServiceTimeRun().Input();

        var two = CapacityProjector.Project(input, 100_000);
        var six = CapacityProjector.Project(input with { WhatIf = new Scenario { Cores = 6 } }, 100_000);

        Assert.Equal(two.SecondsExpected, six.SecondsExpected, 6);
    }

    [Fact]
    public void Project_AnLlmRateLimit_MakesGenerateTheBottleneck()
    {
        var input = new ServiceTimeRun().Input();

        var p = CapacityProjector.Project(input with { WhatIf = new Scenario { Llm = new LlmLimits(600, 0, 500) } }, 10_000);

        Assert.Equal("generate", p.Bottleneck);
        var generate = p.Capacity.Single(c => c.Stage == "generate");
        Assert.Equal(CapacityLimit.LlmRpm, generate.Limit);
        Assert.False(generate.Trailing);
        // 10,000 messages at 9.9 a second, after the first hand-off.
        Assert.Equal(3 + 10_000 / 9.9, p.SecondsExpected, 0);
    }

    [Fact]
    public void Project_Timeouts_LengthenTheSlotTimeByTheirShare()
    {
        var input = new ServiceTimeRun().Input();
        var target = input.Run.Mix with { Failures = new FailureMix(2, 0, 0, 0.1, 20) };

        var p = CapacityProjector.Project(input with { WhatIf = new Scenario { Target = target } }, 100_000);

        // Mean slot 0.9 × 2 + 0.1 × 20 = 3.8 s: 100 ÷ 3.8 a second.
        Assert.Equal(100 / 3.8, p.Capacity.Single(c => c.Stage == "scrape").RowsPerSecond, 6);
    }

    [Fact]
    public void Project_AShortSample_IsNotSteady_WidensTheInterval_AndSaysTheRowsItNeeds()
    {
        var longRun = CapacityProjector.Project(new ServiceTimeRun(Rows: 10_000).Input(), 100_000);
        var shortRun = CapacityProjector.Project(new ServiceTimeRun(Rows: 1_000).Input(), 100_000);

        Assert.False(shortRun.SteadyState!.Reached);
        Assert.Equal(1875, shortRun.SteadyState.SampleRowsNeeded);
        var width = (longRun.SecondsHigh - longRun.SecondsLow) / longRun.SecondsExpected;
        var shortWidth = (shortRun.SecondsHigh - shortRun.SecondsLow) / shortRun.SecondsExpected;
        Assert.True(shortWidth > width, $"short {shortWidth:P0} vs long {width:P0}");
        Assert.Contains(shortRun.Notes, n => n.Contains("not a steady state", StringComparison.Ordinal));
    }
}
