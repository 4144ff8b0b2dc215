using System.Text.Json;
using Appliance.Reports.Capacity;
using Appliance.Runs;
using Appliance.Tests.Telemetry;

namespace Appliance.Tests.Runs;

/// <summary>
/// The capacity model's accuracy, replayed without a clock: the recorded samples of a 5,000-row lab run (written by
/// the projection benchmark, <c>tests/fixtures/runs/</c>) projected to 50,000 rows must land within ±10% of the
/// recorded 50,000-row run's wall time, and that wall time inside the projection's 90% interval.
/// </summary>
public sealed class RecordedRunProjectionTests
{
    [Theory]
    [InlineData("template")]
    [InlineData("lab")]
    public void SmallRunProjection_MatchesTheRecordedLargeRun(string setup)
    {
        var small = Load($"run-{setup}-5000.json");
        var large = Load($"run-{setup}-50000.json");
        var none = CapacityInputs.Fit("scrape", null, []);
        var inputs = CapacityInputs.Build(small.Run, small.Samples, none, none with { Stage = "generate" });

        var projection = CapacityProjector.Project(inputs.Projection, large.Run.Summary!.Rows);
        var actual = large.Run.Summary.Seconds;

        var error = (projection.SecondsExpected - actual) / actual;
        Assert.True(Math.Abs(error) <= 0.10,
            $"{setup}: projected {projection.SecondsExpected:0} s for {projection.Rows:N0} rows, actual {actual:0} s ({error:P1}). {projection.Reason}");
        Assert.InRange(actual, projection.SecondsLow, projection.SecondsHigh);
    }

    private static RecordedRun Load(string name) =>
        JsonSerializer.Deserialize<RecordedRun>(File.ReadAllText(Path.Combine(FixtureHosts.RepositoryRoot(), "tests", "fixtures", "runs", name)), RunStore.Json)
        ?? throw new InvalidOperationException($"{name} is empty");
}
