using System.Text.RegularExpressions;
using Appliance.Lab;
using Appliance.Tests.Runs;
using Appliance.Tests.Support;
using Dapper;

namespace Appliance.Tests.Daemon;

/// <summary>
/// Two real <c>appliance serve</c> processes — different state directories, one PostgreSQL, the queues in it
/// (<c>Jobs:Storage = postgres</c>) — share one upload: both do work, every row finishes once, no message is written
/// twice. Then again with one node SIGKILLed halfway: once its lease (shortened here) lapses, the survivor reclaims its
/// rows and finishes everything. A run measured by one node is sampled by both, and its report gives each one's host.
/// </summary>
public sealed class TwoNodeTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private static Dictionary<string, string> Environment(LabServer lab, string connectionString, string state, string node)
    {
        var env = LabPipeline.Environment(lab, connectionString, state);
        env["APPLIANCE_Jobs__Storage"] = "postgres";
        env["APPLIANCE_Jobs__PollMilliseconds"] = "200";
        env["APPLIANCE_Jobs__LeaseSeconds"] = "5";
        env["APPLIANCE_Node__Name"] = node;
        env["APPLIANCE_Telemetry__FollowSeconds"] = "0.5";
        // 400 rows in chunks of 10: 40 scraping jobs, more than a node's 32 scraping workers, so the node that queued them
        // (and sees them at once) cannot take them all before the other's next poll. In one chunk of 1,000 (the default),
        // or eight of 50, the node that took the upload did every row and every generate job (fresh-clone CI, 10:47, 11:16).
        env["APPLIANCE_Scrape__ChunkSize"] = "10";
        return env;
    }

    private static async Task<(ServeProcess A, ServeProcess B)> StartAsync(LabServer lab, string connectionString, TempDirectory stateA, TempDirectory stateB)
    {
        // One after the other: the first creates Hangfire's schema.
        var a = ServeProcess.Start(Environment(lab, connectionString, stateA.Path, "node-a"));
        await a.WaitHealthyAsync(Timeout);
        var b = ServeProcess.Start(Environment(lab, connectionString, stateB.Path, "node-b"));
        await b.WaitHealthyAsync(Timeout);
        return (a, b);
    }

    private async Task<Dictionary<string, long>> ShareAsync(long uploadId)
    {
        await using var conn = await db.DataSource.OpenConnectionAsync();
        // Rows each node scraped or generated: with 400 rows one node can take every generate chunk while the other is
        // between polls (seen once in a fresh-clone CI run), so the work of both stages is what shows both nodes working.
        var rows = await conn.QueryAsync<(string Node, long Count)>(
            """
            SELECT node, count(*) FROM (
                SELECT scraped_by AS node FROM websites WHERE file_upload_id = @uploadId AND scraped_by IS NOT NULL
                UNION ALL
                SELECT generated_by FROM websites WHERE file_upload_id = @uploadId AND generated_by IS NOT NULL) work
            GROUP BY 1
            """,
            new { uploadId });
        return rows.ToDictionary(r => r.Node, r => r.Count);
    }

    private string Claims(long uploadId)
    {
        using var conn = db.DataSource.OpenConnection();
        var rows = conn.Query<(long Id, string? By, DateTime? At)>(
            "SELECT id, claimed_by, claimed_at FROM websites WHERE file_upload_id = @uploadId AND claimed_by IS NOT NULL ORDER BY id", new { uploadId });
        var jobs = conn.Query<string>("SELECT j.id || ' ' || j.statename || ' ' || j.invocationdata::text FROM hangfire.job j ORDER BY j.id DESC LIMIT 30");
        return "claims: " + string.Join("; ", rows.Select(r => $"{r.Id} {r.By} {r.At:HH:mm:ss.fff}")) + "\njobs:\n" + string.Join("\n", jobs);
    }

    [Fact]
    public async Task TwoNodes_ShareOneUpload_BothWork_EveryRowOnce_ThenOneIsKilled_AndTheSurvivorFinishes()
    {
        // Sites that take a while (0.3–1 s a request): a chunk outlasts the other node's 200 ms poll.
        var slower = LabPipeline.LabOptions;
        (slower.LatencyMedianMs, slower.LatencyP95Ms, slower.LatencyMaxMs) = (300, 800, 1000);
        await using var lab = await LabServer.StartAsync(slower);
        using var stateA = new TempDirectory();
        using var stateB = new TempDirectory();

        // 1. Both nodes run an upload to the end.
        var (a, b) = await StartAsync(lab, db.ConnectionString, stateA, stateB);
        await using (a)
        await using (b)
        {
            var first = await LabPipeline.UploadAsync(b.Client, lab);
            await LabPipeline.WaitAsync(db.DataSource, first, p => p.Finished, Timeout, () => $"{Claims(first)}\nA:\n{a.Output}\nB:\n{b.Output}");
            await LabPipeline.AssertCompleteAsync(db.DataSource, first);
            var share = await ShareAsync(first);
            Assert.True(share.GetValueOrDefault("node-a") > 0 && share.GetValueOrDefault("node-b") > 0,
                $"both nodes work (rows scraped + generated): {string.Join(", ", share)}");

            // Each node says who it is and how much it did.
            var metrics = await a.Client.GetStringAsync("/metrics");
            Assert.Contains("appliance_node_info{node=\"node-a\"} 1", metrics);
            Assert.Contains("appliance_node_items_total{node=\"node-a\",stage=\"generate\"}", metrics);

            // 2. Another upload; node B is killed while it holds claims; node A reclaims them once B's lease lapses.
            // Posted to B: the node that takes an upload ingests it and is polling when its chunks are enqueued, so B claims
            // rows before A can finish all 400 (posted to A, A once did them all and B never claimed one in 60 s).
            var second = await LabPipeline.UploadAsync(b.Client, lab);
            await using (var conn = await db.DataSource.OpenConnectionAsync())
            {
                var held = DateTime.UtcNow + Timeout;
                while (await conn.ExecuteScalarAsync<long>(
                           "SELECT count(*) FROM websites WHERE file_upload_id = @second AND claimed_by = 'node-b'", new { second }) == 0)
                {
                    Assert.True(DateTime.UtcNow < held, $"node B never claimed a row\n{b.Output}");
                    await Task.Delay(20);
                }
            }

            var mid = await LabPipeline.ReadAsync(db.DataSource, second);
            Assert.False(mid.Finished, mid.ToString());
            b.Signal(ServeProcess.SigKill);
            await b.WaitForExitAsync(Timeout);

            await LabPipeline.WaitAsync(db.DataSource, second, p => p.Finished, Timeout, () => $"{Claims(second)}\nA:\n{a.Output}");
            await LabPipeline.AssertCompleteAsync(db.DataSource, second);
            Assert.Contains("Reclaimed the work of node-b", a.Output);
            Assert.DoesNotContain("   at ", a.Output);
        }
    }

    [Fact]
    public async Task ARunMeasuredByOneNode_IsSampledByEachNode_AndItsReportGivesEachNodesHostFigures()
    {
        await using var lab = await LabServer.StartAsync(LabPipeline.LabOptions);
        using var stateA = new TempDirectory();
        using var stateB = new TempDirectory();

        var (a, b) = await StartAsync(lab, db.ConnectionString, stateA, stateB);
        await using (a)
        await using (b)
        {
            var runId = await LabPipeline.StartRunAsync(a.Client, lab, rows: 200);
            await using var conn = await db.DataSource.OpenConnectionAsync();
            var deadline = DateTime.UtcNow + Timeout;
            string state;
            while ((state = await conn.ExecuteScalarAsync<string>("SELECT state FROM runs WHERE id = @runId", new { runId }) ?? "") == "running")
            {
                Assert.True(DateTime.UtcNow < deadline, $"run {runId} still running\nA:\n{a.Output}\nB:\n{b.Output}");
                await Task.Delay(100);
            }

            Assert.True(state == "finished", $"run {runId} {state}\nA:\n{a.Output}");
            Assert.Equal("node-a", await conn.ExecuteScalarAsync<string>("SELECT node FROM runs WHERE id = @runId", new { runId }));

            // Each node took its own samples for the run, with its own host and process figures: A measuring it, B following it.
            var samples = (await conn.QueryAsync<(string Node, long Count, long WithHost)>(
                "SELECT node, count(*), count(*) FILTER (WHERE process_rss_bytes > 0 AND load1 IS NOT NULL) FROM metric_samples WHERE run_id = @runId GROUP BY node ORDER BY node",
                new { runId })).ToList();
            Assert.Equal(["node-a", "node-b"], samples.Select(x => x.Node));
            Assert.All(samples, x => Assert.True(x.Count > 0 && x.WithHost == x.Count, $"{x.Node}: {x.Count} samples, {x.WithHost} with host figures"));
            Assert.Contains($"Run {runId} is measured by another node: recording this node's samples for it", b.Output);
            Assert.DoesNotContain($"Run {runId} is measured by another node", a.Output);

            // The report, asked of the other node, lists both with CPU (cores), load and peak RSS from their own samples.
            var text = RunReportTests.Text(await b.Client.GetByteArrayAsync($"/api/runs/{runId}/report.pdf"));
            Assert.Contains("2 nodes shared one database and one set of queues.", text);
            foreach (var node in new[] { "node-a", "node-b" })
            {
                Assert.Matches(new Regex($@"{node} [\d,]+ [\d.,]+ rows/min [\d,]+ [\d.,]+ rows/min [\d.,e-]+ [\d.,]+ [\d.,]+ [KMG]iB"), text);
            }

            Assert.DoesNotContain("A node without host figures", text);
        }
    }
}
