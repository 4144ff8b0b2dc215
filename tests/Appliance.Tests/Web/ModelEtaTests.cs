using Appliance.Reports.Capacity;
using Appliance.Runs;
using Appliance.Tests.Runs;
using Appliance.Api;

namespace Appliance.Tests.Web;

/// <summary>The progress poll's capacity-model ETA, from a run measured on the real pipeline.</summary>
public sealed class ModelEtaTests(RunsFixture f) : IClassFixture<RunsFixture>
{
    [Fact]
    public async Task WithoutAMeasuredRun_ThereIsNoModelEta_AndWithOne_RowsLeftArePricedByItsProjection()
    {
        var eta = new ModelEta(f.Get<CapacityInputs>(), f.Get<RunStore>(), TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<ModelEta>.Instance);
        Assert.Null(await eta.ForAsync(1_000, 600, 800, CancellationToken.None));

        var summary = await f.Get<RunExecutor>().RunAsync(new RunRequest(f.WriteLeads(300, seed: 9, firstSite: 50_000), "lab:300", true, false), null, CancellationToken.None);
        // A fresh instance: the one above remembers "no run" for its refresh interval, as it should.
        eta = new ModelEta(f.Get<CapacityInputs>(), f.Get<RunStore>(), TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<ModelEta>.Instance);
        var result = await eta.ForAsync(1_000, 600, 800, CancellationToken.None);

        var model = await f.Get<CapacityInputs>().LoadAsync(summary.RunId, CancellationToken.None);
        var expected = RemainingTime.For(CapacityProjector.Project(model.Projection, 1_000), model.Projection.Run.StageOverlap, 600, 800);
        Assert.NotNull(result);
        Assert.Equal(summary.RunId, result.RunId);
        Assert.Equal(Math.Round(expected.Expected), result.Seconds);
        Assert.True(result.LowSeconds <= result.Seconds && result.Seconds <= result.HighSeconds, $"{result}");
        Assert.True(result.Seconds > 0);
    }
}
