using Appliance.Generate;
using Appliance.Ingest;
using Appliance.Pipeline;
using Appliance.Scrape;
using Appliance.Tests.Support;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Appliance.Tests.Pipeline;

/// <summary>Leases over a real database: a lapsed node's claims come back and are queued once; a live node's are left alone.</summary>
public sealed class NodeLeaseTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    private async Task<long> IngestAsync(TempDirectory dir, int rows)
    {
        var path = dir.Write($"leads-{Guid.NewGuid():N}.csv", "website,company\n" + string.Concat(Enumerable.Range(0, rows).Select(i => $"site{i}.example,C{i}\n")));
        var ingestor = new UploadIngestor(db.DataSource, Options.Create(new IngestOptions()), NullLogger<UploadIngestor>.Instance);
        var id = await ingestor.RegisterAsync("leads.csv", 1, path);
        await ingestor.IngestAsync(id, path);
        return id;
    }

    private NodeLease Lease(string name, RecordingJobClient jobs)
    {
        var node = new NodeIdentity(name, shared: true);
        return new(db.DataSource, node, PipelineParts.HandOff(db.DataSource, jobs, node, 10, 10),
            Options.Create(new JobsOptions { Storage = JobsOptions.Postgres }), NullLogger<NodeLease>.Instance);
    }

    [Fact]
    public async Task ALapsedNodesClaims_ComeBackAndAreQueued_ALiveNodesAreLeftAlone_AndOnlyOneSurvivorTakesThem()
    {
        using var dir = new TempDirectory();
        var id = await IngestAsync(dir, 30);
        var live = $"live-{Guid.NewGuid():N}";
        var dead = $"dead-{Guid.NewGuid():N}";
        await using (var conn = await db.DataSource.OpenConnectionAsync())
        {
            var first = await conn.ExecuteScalarAsync<long>("SELECT min(id) FROM websites WHERE file_upload_id = @id", new { id });
            await conn.ExecuteAsync("""
                INSERT INTO appliance_nodes (name, lease_until) VALUES (@live, now() + interval '1 hour'), (@dead, now() - interval '1 second');
                -- rows 0-4 fetching by the dead node, 5-9 by the live one; 10-14 scraped by the dead node, not yet generating;
                -- 15-19 generating by the dead node.
                UPDATE websites SET scraping_status = 'fetching', claimed_by = @dead, claimed_at = now() WHERE id BETWEEN @first AND @first + 4;
                UPDATE websites SET scraping_status = 'fetching', claimed_by = @live, claimed_at = now() WHERE id BETWEEN @first + 5 AND @first + 9;
                UPDATE websites SET scraping_status = 'done', scraped_by = @dead WHERE id BETWEEN @first + 10 AND @first + 19;
                UPDATE websites SET generation_status = 'generating', claimed_by = @dead, claimed_at = now() WHERE id BETWEEN @first + 15 AND @first + 19;
                """, new { live, dead, first });
        }

        var jobs = new RecordingJobClient();
        var result = await Lease(live, jobs).ReclaimAsync(includeSelf: false, CancellationToken.None);
        var again = await Lease($"other-{Guid.NewGuid():N}", new RecordingJobClient()).ReclaimAsync(includeSelf: false, CancellationToken.None);

        Assert.Contains(dead, result.Nodes);
        Assert.DoesNotContain(live, result.Nodes);
        Assert.Equal(5, result.ScrapeRows);
        Assert.Equal(5, result.GenerateRows);
        Assert.DoesNotContain(dead, again.Nodes);
        await using (var conn = await db.DataSource.OpenConnectionAsync())
        {
            Assert.Equal(5, await conn.ExecuteScalarAsync<long>(
                "SELECT count(*) FROM websites WHERE file_upload_id = @id AND claimed_by = @live AND scraping_status = 'fetching'", new { id, live }));
            Assert.Equal(0, await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM websites WHERE claimed_by = @dead", new { dead }));
            Assert.Equal(0, await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM appliance_nodes WHERE name = @dead", new { dead }));
        }

        // One scrape chunk for the five returned rows (not the live node's), one generate chunk for the ten scraped by the dead node.
        var scrape = Assert.Single(jobs.Enqueued(Queues.Scraping));
        var generate = Assert.Single(jobs.Enqueued(Queues.AiProcessing));
        Assert.Equal(4, (long)scrape.Args[2] - (long)scrape.Args[1]);
        Assert.Equal(9, (long)generate.Args[2] - (long)generate.Args[1]);
    }
}
