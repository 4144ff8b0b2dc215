using Appliance.Runs;
using Dapper;

namespace Appliance.Tests.Runs;

/// <summary>The model's track record: every finished run stores what it would have been projected to take, from its first tenth and from the run before.</summary>
public sealed class RunBacktestsTests(RunsFixture f) : IClassFixture<RunsFixture>
{
    [Fact]
    public async Task AFinishedRun_StoresItsBacktests_AndAMissingOneIsFilledIn()
    {
        var executor = f.Get<RunExecutor>();
        var first = await executor.RunAsync(new RunRequest(f.WriteLeads(200, seed: 5, firstSite: 20_000), "a", true, false), null, CancellationToken.None);
        var second = await executor.RunAsync(new RunRequest(f.WriteLeads(200, seed: 6, firstSite: 21_000), "b", true, false), null, CancellationToken.None);
        var backtests = f.Get<RunBacktests>();

        var entries = await backtests.ListAsync(backfill: false, CancellationToken.None);

        var own = Assert.Single(entries, e => e.RunId == first.RunId);
        Assert.Equal(RunBacktests.FirstTenth, own.Basis);
        Assert.Equal(first.Rows, own.Rows);
        Assert.Equal(first.Seconds, own.ActualSeconds, 3);
        Assert.True(own.ProjectedSeconds is not null || own.Problem is not null);
        var previous = Assert.Single(entries, e => e.RunId == second.RunId && e.Basis == RunBacktests.PreviousRun);
        Assert.Equal(first.RunId, previous.FromRunId);
        Assert.Equal(second.Rows, previous.Rows);
        Assert.NotNull(previous.ProjectedSeconds);
        Assert.InRange(previous.ProjectedSeconds!.Value, previous.LowSeconds!.Value, previous.HighSeconds!.Value);
        Assert.Equal(previous.Inside, second.Seconds >= previous.LowSeconds && second.Seconds <= previous.HighSeconds);
        // Both runs' samples carry the host speed probe, so the track record says how the host moved between them.
        Assert.NotNull(previous.HostSlower);
        Assert.InRange(previous.HostSlower!.Value, -0.9, 9);

        await using (var conn = await f.Db.DataSource.OpenConnectionAsync())
        {
            await conn.ExecuteAsync("DELETE FROM run_backtests WHERE run_id = @id", new { id = second.RunId });
        }

        var filled = await backtests.ListAsync(backfill: true, CancellationToken.None);
        Assert.Equal(entries.Count, filled.Count);
        Assert.Equal(previous.ProjectedSeconds, filled.Single(e => e.RunId == second.RunId && e.Basis == RunBacktests.PreviousRun).ProjectedSeconds);
    }
}
