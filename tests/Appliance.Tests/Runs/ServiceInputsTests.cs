using System.Text.Json;
using Appliance.Reports.Capacity;
using Appliance.Runs;
using Appliance.Tests.Telemetry;

namespace Appliance.Tests.Runs;

/// <summary>
/// The CPU the capacity model prices, from a recorded run (tests/fixtures/runs/) given host CPU figures with a known
/// answer: the pipeline's CPU a row is the host's busy CPU less the background before the run, and a run pinned to fewer
/// CPUs than the host has meets other work on the CPUs it may not use first.
/// </summary>
public sealed class ServiceInputsTests
{
    [Fact]
    public void HostCpuLessTheBackground_IsThePipelinesCpuARow()
    {
        // 2 cores, 75% busy throughout, 0.5 cores of it other work: the pipeline keeps 1 core busy, so its CPU a row times
        // the rows a second of the later half of the steady window (by rows) is 1 core.
        var run = WithHost(Load("run-template-2000-mix101.json"), busy: 0.75, background: 0.5);

        var inputs = CapacityInputs.Build(run.Run, run.Samples, None("scrape"), None("generate"));
        var service = inputs.Projection.Run.Service!;

        var window = inputs.Projection.Run.Scrape.Rate;
        var limit = run.Run.Summary!.Resources.ScrapeConcurrency;
        long InFlight(RunSample x) => x.ScrapeInFlight ?? Math.Min(limit, x.InFlight);
        var open = run.Samples.Select((x, i) => (x, Interval: x.Seconds - (i == 0 ? 0 : run.Samples[i - 1].Seconds)))
            .Where(s => s.x.Seconds > window.WindowStartSeconds && s.x.Seconds <= window.WindowEndSeconds).ToList();
        var held = open.Max(s => InFlight(s.x)) * 0.9;
        var inWindow = open.Where(s => InFlight(s.x) >= held).ToList();
        var half = inWindow.Sum(s => s.x.Scrape) / 2.0;
        double seen = 0;
        var later = inWindow.Where(s => (seen += s.x.Scrape) > half).ToList();
        var laterRowsPerSecond = later.Sum(s => s.x.Scrape) / later.Sum(s => s.Interval);
        Assert.Equal(1.0, service.CpuSecondsPerRow * laterRowsPerSecond, 6);
        Assert.Equal(0.5, service.BackgroundCores, 6);
        Assert.Contains("host's busy CPU", service.CpuBasis, StringComparison.Ordinal);
    }

    [Fact]
    public void ObservedDrain_RunsFromTheLastSecondHoldingTheSlots_ToTheLastCompletion()
    {
        // Slots held for seconds 1–5 (one second at 480 of 512 still counts as held), then the last wave drains: 272, 40, a
        // few stragglers, the last of them finishing in second 25.
        var samples = new List<StageSample>();
        for (var t = 1; t <= 27; t++)
        {
            var inFlight = t switch { <= 3 => 512, 4 => 480, 5 => 512, 6 => 272, 7 => 40, <= 24 => 10, 25 => 1, _ => 0 };
            var completed = t switch { <= 7 => 300, 25 => 1, 26 or 27 => 0, _ => t % 5 == 0 ? 1 : 0 };
            samples.Add(new StageSample(t, 1, completed, inFlight, null));
        }

        var (seconds, slots) = ServiceInputs.ObservedDrain(samples);
        Assert.Equal(20, seconds, 9);
        Assert.Equal((512 * 4 + 480) / 5.0, slots, 9); // the held seconds' mean
        Assert.Equal((0.0, 0.0), ServiceInputs.ObservedDrain([new StageSample(1, 1, 5, 1, null), new StageSample(2, 1, 5, 0, null)]));
        Assert.Equal((0.0, 0.0), ServiceInputs.ObservedDrain([]));
    }

    [Fact]
    public void SecondsThatHeldFewerSlots_AsTheQueueEmptied_DoNotCountTowardsTheCpuARow()
    {
        // A 5,000-row sample whose steady window reaches into the seconds after its queue emptied: no fetch starts there, so
        // those seconds cost less CPU a row. Making them cost nothing at all must not move the CPU a row.
        var run = Load("run-template-5000-mix304-split.json");
        var window = CapacityInputs.Build(run.Run, run.Samples, None("scrape"), None("generate")).Projection.Run.Scrape.Rate;
        var draining = run.Samples.Where(x => x.Seconds > window.WindowStartSeconds && x.Seconds <= window.WindowEndSeconds && x.ScrapeInFlight < 400).ToList();
        Assert.NotEmpty(draining);
        var idle = run with { Samples = [.. run.Samples.Select(x => draining.Contains(x) ? x with { HostBusy = 0.01 } : x)] };

        var measured = CapacityInputs.Build(run.Run, run.Samples, None("scrape"), None("generate")).Projection.Run.Service!.CpuSecondsPerRow;
        var withIdleDrain = CapacityInputs.Build(idle.Run, idle.Samples, None("scrape"), None("generate")).Projection.Run.Service!.CpuSecondsPerRow;

        Assert.Equal(measured, withIdleDrain, 9);
    }

    [Fact]
    public void ARunPinnedToOneOfTwoCpus_HasOneCore_AndOnlyTheBackgroundBeyondTheOtherCpu()
    {
        var run = WithHost(Load("run-template-2000-mix101.json"), busy: 0.75, background: 1.2);
        run = run with { Run = run.Run with { Summary = run.Run.Summary! with { Resources = run.Run.Summary.Resources with { UsableCpus = 1 } } } };

        var inputs = CapacityInputs.Build(run.Run, run.Samples, None("scrape"), None("generate"));

        Assert.Equal(1, inputs.Projection.Run.Cores);
        Assert.Equal(0.2, inputs.Projection.Run.Service!.BackgroundCores, 6);
    }

    [Fact]
    public void OnASaturatedHost_TheBackgroundReadBeforeTheRun_IsCappedByWhatWasLeftBesideTheAppliance()
    {
        // Both cores busy throughout and 1.9 read before the run: the appliance itself used ~0.2–0.4 cores in the window,
        // so the others cannot have had more than the rest.
        var run = WithHost(Load("run-template-2000-mix101.json"), busy: 1.0, background: 1.9);

        var service = CapacityInputs.Build(run.Run, run.Samples, None("scrape"), None("generate")).Projection.Run.Service!;

        Assert.InRange(service.BackgroundCores, 1.5, 1.85);
        Assert.Contains("others yielded", service.CpuBasis, StringComparison.Ordinal);
    }

    [Fact]
    public void ARunRecordedWithoutHostCpu_FallsBackToTheProcessCpu_AndSaysSo()
    {
        var run = Load("run-template-2000-mix101.json");

        var service = CapacityInputs.Build(run.Run, run.Samples, None("scrape"), None("generate")).Projection.Run.Service!;

        Assert.True(service.CpuSecondsPerRow > 0);
        Assert.Equal(0, service.BackgroundCores);
        Assert.Contains("recorded no host CPU", service.CpuBasis, StringComparison.Ordinal);
    }

    private static RecordedRun WithHost(RecordedRun run, double busy, double background) => new(
        run.Run with { Summary = run.Run.Summary! with { Resources = run.Run.Summary.Resources with { BackgroundCpuCores = background } } },
        [.. run.Samples.Select(x => x with { HostBusy = busy })]);

    private static Appliance.Reports.Capacity.StageSweep None(string stage) => CapacityInputs.Fit(stage, null, []);

    private static RecordedRun Load(string name) =>
        JsonSerializer.Deserialize<RecordedRun>(File.ReadAllText(Path.Combine(FixtureHosts.RepositoryRoot(), "tests", "fixtures", "runs", name)), RunStore.Json)
        ?? throw new InvalidOperationException($"{name} is empty");
}
