using Appliance.Generate;
using Appliance.Ingest;
using Appliance.Pipeline;
using Appliance.Scrape;
using Appliance.Tests.Support;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Appliance.Tests.Pipeline;

/// <summary>Recovery over a real database: what it hands back to pending, what it queues.</summary>
public sealed class PipelineRecoveryTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    private static readonly string DeadHolder = $"{Environment.MachineName}:{int.MaxValue - 1}";
    private static readonly string LiveCli = $"cli:{Environment.ProcessId}";
    private static readonly string OtherHost = "another-host:1";

    private async Task<long> IngestAsync(TempDirectory dir, int rows)
    {
        var path = dir.Write($"leads-{Guid.NewGuid():N}.csv", "website,company\n" + string.Concat(Enumerable.Range(0, rows).Select(i => $"site{i}.example,C{i}\n")));
        var ingestor = new UploadIngestor(db.DataSource, Options.Create(new IngestOptions()), NullLogger<UploadIngestor>.Instance);
        var id = await ingestor.RegisterAsync("leads.csv", 1, path);
        await ingestor.IngestAsync(id, path);
        return id;
    }

    private (PipelineRecovery Recovery, RecordingJobClient Jobs) Create()
    {
        var jobs = new RecordingJobClient();
        var node = new NodeIdentity(ClaimOwner.Current, shared: false);
        return (new PipelineRecovery(db.DataSource, PipelineParts.HandOff(db.DataSource, jobs, node, 10, 10), node,
            NullLogger<PipelineRecovery>.Instance), jobs);
    }

    [Fact]
    public async Task ClaimsOfGoneProcesses_GoBackToPending_OthersAreLeftAlone_AndEveryOpenChunkIsQueued()
    {
        using var dir = new TempDirectory();
        var id = await IngestAsync(dir, 40);
        await using (var conn = await db.DataSource.OpenConnectionAsync())
        {
            // Rows 1-10 fetching by a dead daemon, 11-15 by a live CLI, 16-20 by another host;
            // 21-30 scraped, of which 21-25 generating by the dead daemon and 26-30 done with a message.
            await conn.ExecuteAsync("""
                WITH r AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM websites WHERE file_upload_id = @id)
                UPDATE websites w SET
                    scraping_status = CASE WHEN n <= 20 THEN 'fetching' WHEN n <= 30 THEN 'done' ELSE 'pending' END,
                    generation_status = CASE WHEN n BETWEEN 21 AND 25 THEN 'generating' WHEN n BETWEEN 26 AND 30 THEN 'done' ELSE 'pending' END,
                    claimed_by = CASE WHEN n <= 10 OR n BETWEEN 21 AND 25 THEN @dead WHEN n <= 15 THEN @cli WHEN n <= 20 THEN @other END,
                    claimed_at = CASE WHEN n <= 25 THEN now() - interval '1 minute' END
                FROM r WHERE w.id = r.id
                """, new { id, dead = DeadHolder, cli = LiveCli, other = OtherHost });
        }

        var (recovery, jobs) = Create();
        var result = await recovery.RecoverAsync(startUp: true, ownClaimsAreStale: true, CancellationToken.None);

        Assert.Equal(10, result.ScrapeRowsReturned);
        Assert.Equal(5, result.GenerateRowsReturned);
        await using (var conn = await db.DataSource.OpenConnectionAsync())
        {
            var states = (await conn.QueryAsync<(string, string?, long)>(
                "SELECT scraping_status, claimed_by, count(*) FROM websites WHERE file_upload_id = @id AND scraping_status = 'fetching' GROUP BY 1, 2", new { id })).ToHashSet();
            Assert.Equal([("fetching", LiveCli, 5L), ("fetching", OtherHost, 5L)], states);
            Assert.Equal(0, await conn.ExecuteScalarAsync<int>("SELECT count(*) FROM websites WHERE file_upload_id = @id AND generation_status = 'generating'", new { id }));
        }

        // Pending to scrape: rows 1-10 and 31-40 (two chunks of 10); ready to generate: rows 21-25.
        Assert.Equal(2, result.ScrapeChunks);
        Assert.Equal(1, result.GenerateChunks);
        Assert.Equal(2, jobs.Enqueued(Queues.Scraping).Count);
        Assert.Single(jobs.Enqueued(Queues.AiProcessing));

        // Idempotent: nothing more to hand back; the same open chunks would be queued again and find their rows claimed or done.
        var again = await recovery.RecoverAsync(startUp: false, ownClaimsAreStale: true, CancellationToken.None);
        Assert.Equal(0, again.ScrapeRowsReturned + again.GenerateRowsReturned);
    }

    [Fact]
    public async Task AtStartUp_UploadsLeftMidIngest_AreIngestedAgain_OrFailedWhenTheFileIsGone()
    {
        using var dir = new TempDirectory();
        var ingestor = new UploadIngestor(db.DataSource, Options.Create(new IngestOptions()), NullLogger<UploadIngestor>.Instance);
        var kept = dir.Write("kept.csv", "website\na.example\n");
        var keptId = await ingestor.RegisterAsync("kept.csv", 1, kept);
        var goneId = await ingestor.RegisterAsync("gone.csv", 1, dir.File("gone.csv"));
        await using (var conn = await db.DataSource.OpenConnectionAsync())
        {
            await conn.ExecuteAsync("UPDATE file_uploads SET state = 'ingesting' WHERE id = @keptId", new { keptId });
        }

        var (recovery, jobs) = Create();
        var later = await recovery.RecoverAsync(startUp: false, ownClaimsAreStale: true, CancellationToken.None);
        Assert.Equal(0, later.IngestsResumed); // only at start-up: later an ingest job may still be queued

        var result = await recovery.RecoverAsync(startUp: true, ownClaimsAreStale: true, CancellationToken.None);

        Assert.True(result.IngestsResumed >= 1);
        var queued = jobs.Enqueued(Queues.FileProcessing).Select(j => (long)j.Args[1]).ToList(); // (queue, upload id, path)
        Assert.Contains(keptId, queued);
        Assert.DoesNotContain(goneId, queued);
        await using (var conn = await db.DataSource.OpenConnectionAsync())
        {
            Assert.Equal("failed", await conn.ExecuteScalarAsync<string>("SELECT state FROM file_uploads WHERE id = @goneId", new { goneId }));
        }
    }

    [Theory]
    [InlineData("cli:2147483646", true)]
    [InlineData("another-host:2147483646", false)]
    [InlineData("no-pid", false)]
    public void IsGone_OnlyForProcessesOfThisHostThatAreNotRunning(string holder, bool gone) =>
        Assert.Equal(gone, ClaimOwner.IsGone(holder, _ => false));

    [Fact]
    public void IsGone_NotForARunningProcess() =>
        Assert.False(ClaimOwner.IsGone($"{Environment.MachineName}:{Environment.ProcessId}", ClaimOwner.IsRunning));
}
