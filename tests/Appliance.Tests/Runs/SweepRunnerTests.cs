using Appliance.Pipeline;
using Appliance.Runs;
using Appliance.Scrape;
using Dapper;

namespace Appliance.Tests.Runs;

/// <summary>A concurrency sweep against the lab web: a point per level, counted from finished items, with its rows cleaned up.</summary>
public sealed class SweepRunnerTests(RunsFixture f) : IClassFixture<RunsFixture>
{
    [Fact]
    public async Task Sweep_StoresAPointPerLevel_DeletesItsRows_AndRestoresTheLimit()
    {
        var limiter = f.Get<ScrapeLimiter>();
        var original = limiter.Limit;
        var files = new List<(int Rows, int Index)>();

        var (runId, points) = await f.Get<SweepRunner>().RunAsync(new SweepRequest("scrape", [2, 8], Seconds: 3, WarmupSeconds: 2),
            new RunRequest("", "lab", true, false), (rows, index) =>
            {
                files.Add((rows, index));
                return f.WriteLeads(rows, seed: 20 + index, firstSite: 10_000 * (index + 1));
            }, null, CancellationToken.None);

        Assert.Equal([2, 8], points.Select(p => p.Concurrency));
        // No upper bound on a point's seconds: the window ends on a poll, which a loaded host delays (3.27 s was seen).
        Assert.All(points, p => Assert.True(p.Items > 0 && p.Seconds > 0 && Math.Abs(p.Throughput - (p.Items / p.Seconds)) <= 0.01 * p.Throughput, $"{p}"));
        Assert.Equal([1, 2], files.Select(x => x.Index));
        var (latest, stored) = await f.Get<RunStore>().LatestSweepAsync("scrape", CancellationToken.None);
        Assert.Equal(runId, latest);
        Assert.Equal(points, stored);
        Assert.Equal(original, limiter.Limit);
        await using var conn = await f.Db.DataSource.OpenConnectionAsync();
        Assert.Equal(0, await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM websites"));
    }
}
