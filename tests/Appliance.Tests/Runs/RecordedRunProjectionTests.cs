using Xunit.Abstractions;
using System.Text.Json;
using Appliance.Reports.Capacity;
using Appliance.Runs;
using Appliance.Tests.Telemetry;

namespace Appliance.Tests.Runs;

/// <summary>
/// The capacity model's accuracy, replayed without a clock: the recorded samples of a 5,000-row lab run (written by
/// the projection benchmark, <c>tests/fixtures/runs/</c>) projected to 50,000 rows must land within ±10% of the
/// recorded 50,000-row run's wall time, and that wall time inside the projection's 90% interval, with the right stage
/// named the bottleneck.
/// </summary>
public sealed class RecordedRunProjectionTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("template", "scrape")]
    [InlineData("lab", "generate")]
    public void SmallRunProjection_MatchesTheRecordedLargeRun(string setup, string bottleneck)
    {
        // The lab-LLM pair is the current pipeline's recording: the older one (run-lab-50000.json) was made while generate's
        // hand-off held it to ~360 of its 512 slots, which the in-flight limit's earliest-chunk-first order removed (issue 21).
        var suffix = setup == "lab" ? "-split" : "";
        var small = Load($"run-{setup}-5000{suffix}.json");
        var large = Load($"run-{setup}-50000{suffix}.json");
        var none = CapacityInputs.Fit("scrape", null, []);
        var inputs = CapacityInputs.Build(small.Run, small.Samples, none, none with { Stage = "generate" });

        var projection = CapacityProjector.Project(inputs.Projection, large.Run.Summary!.Rows);
        var actual = large.Run.Summary.Seconds;

        var error = (projection.SecondsExpected - actual) / actual;
        output.WriteLine($"{setup}: {projection.SecondsExpected:0.0} s [{projection.SecondsLow:0.0}–{projection.SecondsHigh:0.0}] vs {actual:0.0} s ({error:P1}); bottleneck {projection.Bottleneck}; steady {projection.SteadyState?.Reached}, needs {projection.SteadyState?.SampleRowsNeeded} rows");
        output.WriteLine(projection.Reason);
        foreach (var note in projection.Notes)
        {
            output.WriteLine("note: " + note);
        }

        Assert.True(Math.Abs(error) <= 0.10,
            $"{setup}: projected {projection.SecondsExpected:0} s for {projection.Rows:N0} rows, actual {actual:0} s ({error:P1}). {projection.Reason}");
        Assert.InRange(actual, projection.SecondsLow, projection.SecondsHigh);

        // The template generator only trails scrape (the rate model named it the bottleneck); the lab LLM at 512 in flight
        // and ~2.8 s a call binds generate.
        Assert.Equal(bottleneck, projection.Bottleneck);
        Assert.Equal(setup == "template", projection.Capacity.Single(c => c.Stage == "generate").Trailing);
    }

    private static RecordedRun Load(string name) =>
        JsonSerializer.Deserialize<RecordedRun>(File.ReadAllText(Path.Combine(FixtureHosts.RepositoryRoot(), "tests", "fixtures", "runs", name)), RunStore.Json)
        ?? throw new InvalidOperationException($"{name} is empty");
}
