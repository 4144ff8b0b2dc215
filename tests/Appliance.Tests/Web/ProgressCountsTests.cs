using Appliance.Generate;
using Appliance.Ingest;
using Appliance.Pipeline;
using Appliance.Scrape;
using Appliance.Tests.Support;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Appliance.Tests.Web;

/// <summary>
/// The per-upload counts the progress endpoint reads (upload_progress, upload_activity, kept by triggers on websites)
/// against a full recount of websites, after each thing the pipeline does to rows: ingest, claims, batch writes with
/// failures, releases, crash recovery, concurrent writers, a rolled-back statement, deletes.
/// </summary>
public sealed class ProgressCountsTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    private static readonly string DeadHolder = $"{Environment.MachineName}:{int.MaxValue - 1}";

    private const string Recount = """
        SELECT file_upload_id, scraping_status, coalesce(failure_reason, ''), generation_status, count(*)
        FROM websites GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
        """;

    private const string Kept = """
        SELECT file_upload_id, scraping_status, failure_reason, generation_status, row_count
        FROM upload_progress WHERE row_count <> 0 ORDER BY 1, 2, 3, 4
        """;

    private async Task AssertCountsEqualARecountAsync(string after)
    {
        await using var conn = await db.DataSource.OpenConnectionAsync();
        var recount = (await conn.QueryAsync<(long, string, string, string, long)>(Recount)).ToList();
        var kept = (await conn.QueryAsync<(long, string, string, string, long)>(Kept)).ToList();
        Assert.True(recount.SequenceEqual(kept), $"after {after}: recount [{string.Join(", ", recount)}] kept [{string.Join(", ", kept)}]");
        Assert.Equal(0, await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM upload_progress WHERE row_count < 0"));
    }

    private async Task<long> IngestAsync(TempDirectory dir, int rows)
    {
        var lines = Enumerable.Range(0, rows).Select(i => i % 10 == 9 ? "not a url,Bad\n" : $"site{i}.example,C{i}\n");
        var path = dir.Write($"leads-{Guid.NewGuid():N}.csv", "website,company\n" + string.Concat(lines));
        var ingestor = new UploadIngestor(db.DataSource, Options.Create(new IngestOptions()), NullLogger<UploadIngestor>.Instance);
        var id = await ingestor.RegisterAsync("leads.csv", 1, path);
        await ingestor.IngestAsync(id, path);
        return id;
    }

    private static ScrapeResult Result(int i) => (i % 4) switch
    {
        0 => new ScrapeResult(ScrapeResult.Failed, i % 8 == 0 ? "timeout" : "dns", null, "no", null, null, 0, false, 5),
        _ => new ScrapeResult(ScrapeResult.Done, null, 200, null, "http://x.example/", null, 100, false, 5),
    };

    private static async Task ScrapeAsync(LeadStates store, long uploadId, IdRange range, string owner, int keepClaimed)
    {
        var claimed = await store.ClaimScrapeAsync(uploadId, range, owner, CancellationToken.None);
        var finished = claimed.Take(claimed.Count - keepClaimed).Select((r, i) => (r.Id, Result(i))).ToList();
        for (var at = 0; at < finished.Count; at += 7)
        {
            await store.WriteScrapedAsync(finished.Skip(at).Take(7).ToList(), CancellationToken.None);
        }
    }

    [Fact]
    public async Task CountsKeptPerUpload_EqualARecount_AfterEveryStepOfARunWithFailuresAndRecovery()
    {
        using var dir = new TempDirectory();
        var a = await IngestAsync(dir, 120);
        var b = await IngestAsync(dir, 200);
        await AssertCountsEqualARecountAsync("ingest");

        // Upload a: a node that then dies claims everything, writes results (some failed) for most, leaves 15 claimed.
        var scrape = PipelineParts.States(db.DataSource);
        var all = (await scrape.PendingScrapeAsync(a, 1000, CancellationToken.None)).Single();
        await ScrapeAsync(scrape, a, all, DeadHolder, keepClaimed: 15);
        await AssertCountsEqualARecountAsync("scrape writes");

        // A live owner hands some back itself; the dead node's rows are handed back by recovery.
        var live = "live-owner";
        var liveRows = await scrape.ClaimScrapeAsync(b, (await scrape.PendingScrapeAsync(b, 10, CancellationToken.None))[0], live, CancellationToken.None);
        await scrape.ReleaseScrapeAsync(liveRows.Select(r => r.Id).ToList(), live, giveBackAttempt: true);
        await using (var conn = await db.DataSource.OpenConnectionAsync())
        {
            // Changes no state: must not move a count.
            await conn.ExecuteAsync("UPDATE websites SET claimed_at = now() - interval '1 minute' WHERE claimed_by = @DeadHolder", new { DeadHolder });
        }

        var jobs = new RecordingJobClient();
        var node = new NodeIdentity(ClaimOwner.Current, shared: false);
        var recovery = new PipelineRecovery(db.DataSource, PipelineParts.HandOff(db.DataSource, jobs, node), node, NullLogger<PipelineRecovery>.Instance);
        var recovered = await recovery.RecoverAsync(startUp: true, ownClaimsAreStale: true, CancellationToken.None);
        Assert.Equal(15, recovered.ScrapeRowsReturned);
        await AssertCountsEqualARecountAsync("release and recovery");

        // The handed-back rows are scraped again; generate claims all that is ready, saves some, fails some, hands some back.
        await ScrapeAsync(scrape, a, all, "second-node", keepClaimed: 0);
        var generate = PipelineParts.States(db.DataSource);
        var leads = (await generate.ClaimGenerateAsync(a, new IdRange(all.FromId, all.ToId), ClaimOwner.Current, CancellationToken.None)).Select(c => c.Lead).ToList();
        var message = new GeneratedMessage("Hello", "template", null, 0, 0, 1);
        await generate.SaveMessagesAsync(a, leads.Take(50).Select(l => (l, message)).ToList(), CancellationToken.None);
        await generate.FailGenerateAsync(leads.Skip(50).Take(20).Select(l => (l.WebsiteId, "refused")).ToList(), CancellationToken.None);
        await generate.ReleaseGenerateAsync(leads.Skip(70).Select(l => l.WebsiteId).ToList(), ClaimOwner.Current, giveBackAttempt: true);
        await AssertCountsEqualARecountAsync("generate");

        // Four writers at once over upload b's chunks, while generate saves upload a's rest.
        var ranges = await scrape.PendingScrapeAsync(b, 40, CancellationToken.None);
        var rest = (await generate.ClaimGenerateAsync(a, new IdRange(all.FromId, all.ToId), ClaimOwner.Current, CancellationToken.None)).Select(c => c.Lead).ToList();
        await Task.WhenAll(ranges.Select((r, i) => Task.Run(() => ScrapeAsync(scrape, b, r, $"writer-{i}", keepClaimed: 0)))
            .Append(Task.Run(() => generate.SaveMessagesAsync(a, rest.Select(l => (l, message)).ToList(), CancellationToken.None))));
        await AssertCountsEqualARecountAsync("concurrent writers");

        await using (var conn = await db.DataSource.OpenConnectionAsync())
        {
            // Every row whose scrape or generation ended, ended once, in some second.
            var (scraped, generated) = await conn.QuerySingleAsync<(long, long)>(
                "SELECT sum(scraped)::bigint, sum(generated)::bigint FROM upload_activity WHERE file_upload_id = ANY(@ids)", new { ids = new[] { a, b } });
            Assert.Equal(await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM websites WHERE file_upload_id = ANY(@ids) AND scraping_status IN ('done', 'failed')", new { ids = new[] { a, b } }), scraped);
            Assert.Equal(await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM websites WHERE file_upload_id = ANY(@ids) AND generation_status IN ('done', 'failed')", new { ids = new[] { a, b } }), generated);

            await using (var tx = await conn.BeginTransactionAsync())
            {
                await conn.ExecuteAsync("UPDATE websites SET scraping_status = 'pending' WHERE file_upload_id = @b", new { b }, tx);
                await tx.RollbackAsync();
            }

            await AssertCountsEqualARecountAsync("a rolled-back update");

            await conn.ExecuteAsync("DELETE FROM websites WHERE file_upload_id = @a AND row_number < 40", new { a });
            await AssertCountsEqualARecountAsync("deleted rows");

            await conn.ExecuteAsync("DELETE FROM file_uploads WHERE id = @b", new { b });
            Assert.Equal(0, await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM upload_progress WHERE file_upload_id = @b", new { b }));
            await AssertCountsEqualARecountAsync("a deleted upload");

            await conn.ExecuteAsync("TRUNCATE websites CASCADE");
            Assert.Equal(0, await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM upload_progress"));
        }
    }

    [Fact]
    public async Task AReclaimOfTwoStatementsInOneTransaction_AndAConcurrentBatchWrite_OneWaitsForTheOther_NeitherDeadlocks()
    {
        using var dir = new TempDirectory();
        var id = await IngestAsync(dir, 30);
        var scrape = PipelineParts.States(db.DataSource);
        var all = (await scrape.PendingScrapeAsync(id, 1000, CancellationToken.None)).Single();
        var live = await scrape.ClaimScrapeAsync(id, all, "live-node", CancellationToken.None);
        var (dead, deadGenerating) = (live.Take(10).Select(r => r.Id).ToArray(), live.Skip(10).Take(10).Select(r => r.Id).ToArray());
        await using (var conn = await db.DataSource.OpenConnectionAsync())
        {
            await conn.ExecuteAsync("UPDATE websites SET claimed_by = 'dead-node' WHERE id = ANY(@dead)", new { dead });
            await conn.ExecuteAsync("UPDATE websites SET scraping_status = 'done', generation_status = 'generating', claimed_by = 'dead-node' WHERE id = ANY(@deadGenerating)", new { deadGenerating });
        }

        // As NodeLease.ReclaimAsync: the dead node's fetching rows, then its generating rows, in one transaction. Between
        // the two, the live node writes its batch (fetching → done). Counter rows alone, taken per statement in key
        // order, would deadlock: the batch holds (done, pending) and waits for (fetching, pending); the reclaim's second
        // statement holds (fetching, pending) and needs (done, pending).
        await using var reclaim = await db.DataSource.OpenConnectionAsync();
        await using var tx = await reclaim.BeginTransactionAsync();
        await reclaim.ExecuteAsync("UPDATE websites SET scraping_status = 'pending', claimed_by = NULL WHERE id = ANY(@dead)", new { dead }, tx);
        var write = Task.Run(() => scrape.WriteScrapedAsync(live.Skip(20).Select((r, i) => (r.Id, Result(1))).ToList(), CancellationToken.None));
        await using (var watch = await db.DataSource.OpenConnectionAsync())
        {
            for (var i = 0; i < 2000 && !write.IsCompleted && await watch.ExecuteScalarAsync<long>("SELECT count(*) FROM pg_locks WHERE NOT granted") == 0; i++)
            {
                await Task.Yield();
            }

            Assert.False(write.IsCompleted, "the batch write should wait for the reclaim's transaction");
        }

        await reclaim.ExecuteAsync("UPDATE websites SET generation_status = 'pending', claimed_by = NULL WHERE id = ANY(@deadGenerating)", new { deadGenerating }, tx);
        await tx.CommitAsync();
        await write;
        await AssertCountsEqualARecountAsync("a reclaim beside a batch write");
    }
}
