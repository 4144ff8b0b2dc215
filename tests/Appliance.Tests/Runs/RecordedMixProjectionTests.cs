using Appliance.Reports.Capacity;
using Appliance.Runs;
using Xunit.Abstractions;

namespace Appliance.Tests.Runs;

/// <summary>
/// Pairs from the projection benchmark on randomised lab latency mixes (seeds 101–105; tests/fixtures/runs/*-mixN.json),
/// recorded on a machine under heavy load (load average 35–137 on 2 cores, docs/benchmarks.md) before runs carried the
/// host's CPU or the background before them: the 2,000-row samples ran far below what the laws give for their own
/// settings (the cores were taken by other work the run could not see), and the 12,000-row runs 1.8–4× faster or slower
/// as the load moved. The model cannot price that from such a sample, so it must say so — the sample fell short of its
/// own laws, its CPU basis lacks PostgreSQL and the lab — and its interval must still hold the actual.
/// </summary>
public sealed class RecordedMixProjectionTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(101)]
    [InlineData(102)]
    [InlineData(103)]
    [InlineData(104)]
    [InlineData(105)]
    public void ASampleBoundByWhatItDidNotMeasure_SaysSo_NamesScrape_AndItsIntervalHoldsTheActual(int mix)
    {
        var (inputs, projection, actual) = Replay(mix);

        Assert.Contains(projection.Notes, n => n.Contains("something the run did not measure bound it", StringComparison.Ordinal));
        Assert.Contains("recorded no host CPU", inputs.Projection.Run.Service!.CpuBasis, StringComparison.Ordinal);
        Assert.Equal("scrape", projection.Bottleneck);
        Assert.True(projection.Capacity.Single(c => c.Stage == "generate").Trailing);
        Assert.InRange(actual, projection.SecondsLow, projection.SecondsHigh);
    }

    /// <summary>
    /// Seeds 106 and 107, recorded with the host's CPU and the background before each run (7 Dec 2026, 03:45–04:05 UTC,
    /// load average 23 → 58): ~1.76 of 2 cores busy with other work before each sample. The model prices the cores left,
    /// says the background is taken to persist, and its interval reaches what the run would do without it.
    /// </summary>
    [Theory]
    [InlineData(106)]
    [InlineData(107)]
    public void ASampleOnABusyHost_PricesTheCoresLeft_AndItsIntervalHoldsTheActual(int mix)
    {
        var (inputs, projection, actual) = Replay(mix);

        Assert.True(inputs.Projection.Run.Service!.BackgroundCores > 1.5);
        Assert.Equal("scrape", projection.Bottleneck);
        Assert.Equal(CapacityLimit.Cpu, projection.Capacity.Single(c => c.Stage == "scrape").Limit);
        Assert.Contains(projection.Notes, n => n.Contains("busy with other work before the run, taken to persist", StringComparison.Ordinal));
        Assert.InRange(actual, projection.SecondsLow, projection.SecondsHigh);
    }

    /// <summary>
    /// Seeds 201–208, recorded on a quiet machine (7 Dec 2026, 04:58–05:13 UTC, load average 2–4, nothing else running;
    /// tiered compilation off): 2,000-row samples projected to the 12,000-row runs. None of the samples reached a steady
    /// state at 512 in flight (they say so, with the rows a sample needs); the interval must hold every actual, and the
    /// stage named must be scrape with generate trailing.
    /// </summary>
    [Theory]
    [InlineData(201)]
    [InlineData(202)]
    [InlineData(203)]
    [InlineData(204)]
    [InlineData(205)]
    [InlineData(206)]
    [InlineData(207)]
    [InlineData(208)]
    public void AQuietSample_NamesScrape_SaysItIsNotSteady_AndItsIntervalHoldsTheActual(int mix)
    {
        var (_, projection, actual) = Replay(mix);

        Assert.Equal("scrape", projection.Bottleneck);
        Assert.True(projection.Capacity.Single(c => c.Stage == "generate").Trailing);
        Assert.False(projection.SteadyState!.Reached);
        Assert.InRange(actual, projection.SecondsLow, projection.SecondsHigh);
    }

    /// <summary>
    /// Seeds 301–308, quiet (7 Dec 2026, 07:34–07:59 UTC, load 3–16 from the runs themselves): 5,000-row samples and the
    /// 30,000-row runs. Each large run is steady and projects its own size within 5 % and inside its interval; the samples
    /// say they are not steady and need more rows than they had — the model's own warning that their answer is weak (their
    /// projections missed by −30 % to +33 %, three outside: docs/benchmarks.md).
    /// </summary>
    [Theory]
    [InlineData(301)]
    [InlineData(302)]
    [InlineData(303)]
    [InlineData(304)]
    [InlineData(305)]
    [InlineData(306)]
    [InlineData(307)]
    [InlineData(308)]
    public void A30000RowRun_ProjectsItselfWithin5Percent_AndItsSampleSaysItNeedsMoreRows(int mix)
    {
        var (_, own, actual) = Replay(mix, $"run-template-30000-mix{mix}.json", $"run-template-30000-mix{mix}.json");
        var (_, sample, _) = Replay(mix, $"run-template-5000-mix{mix}.json", $"run-template-30000-mix{mix}.json");

        Assert.True(own.SteadyState!.Reached, own.SteadyState.Reason);
        Assert.InRange(own.SecondsExpected / actual, 0.95, 1.05);
        Assert.InRange(actual, own.SecondsLow, own.SecondsHigh);
        Assert.False(sample.SteadyState!.Reached);
        Assert.True(sample.SteadyState.SampleRowsNeeded > 5_000, $"needs {sample.SteadyState.SampleRowsNeeded}");
        Assert.Equal("scrape", sample.Bottleneck);
    }

    /// <summary>The 2,000-row sample of a mix projected to its 12,000-row run's rows, printed with its reason and notes.</summary>
    private (CapacityModelInputs Inputs, ProjectionResult Projection, double Actual) Replay(int mix) =>
        Replay(mix, $"run-template-2000-mix{mix}.json", $"run-template-12000-mix{mix}.json");

    private (CapacityModelInputs Inputs, ProjectionResult Projection, double Actual) Replay(int mix, string sampleFixture, string actualFixture)
    {
        var pair = new RecordedPairs.Pair($"mix {mix}", sampleFixture, actualFixture);
        var (inputs, projection, actual) = RecordedPairs.Replay(pair);
        output.WriteLine($"mix {mix}: {projection.SecondsExpected:0} s [{projection.SecondsLow:0}–{projection.SecondsHigh:0}] vs {actual:0} s ({(projection.SecondsExpected / actual) - 1:P1}); fill {projection.FillSeconds:0.0} s, drain {projection.DrainSeconds:0.0} s; {projection.Reason}");
        foreach (var note in projection.Notes)
        {
            output.WriteLine("note: " + note);
        }

        return (inputs, projection, actual);
    }
}
