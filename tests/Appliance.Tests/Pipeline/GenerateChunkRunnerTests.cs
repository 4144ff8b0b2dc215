using Appliance.Generate;
using Appliance.Ingest;
using Appliance.Pipeline;
using Appliance.Tests.Support;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Appliance.Tests.Pipeline;

public class GenerateChunkRunnerTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    private async Task<long> ScrapedUploadAsync(int rows)
    {
        using var dir = new TempDirectory();
        var path = dir.Write("leads.csv", "website,company\n" + string.Concat(Enumerable.Range(0, rows).Select(i => $"site{i}.example,Company {i}\n")));
        var ingestor = new UploadIngestor(db.DataSource, Options.Create(new IngestOptions()), NullLogger<UploadIngestor>.Instance);
        var id = await ingestor.RegisterAsync("leads.csv", 1, path);
        await ingestor.IngestAsync(id, path);
        await using var conn = await db.DataSource.OpenConnectionAsync();
        // Half the sites were read, half failed: both kinds get a message.
        await conn.ExecuteAsync("""
            UPDATE websites SET scraping_status = CASE WHEN row_number % 2 = 0 THEN 'done' ELSE 'failed' END, title = 'T'
            WHERE file_upload_id = @id
            """, new { id });
        return id;
    }

    private ChunkRunner<LeadFacts, GenerateResult> Runner(IMessageGenerator generator, int maxWaitMinutes = 5) =>
        PipelineParts.GenerateRunner(db.DataSource, generator, Options.Create(new GenerateOptions { MaxWaitMinutes = maxWaitMinutes }));

    private async Task<(long Messages, long Distinct, string[] States)> StateAsync(long id)
    {
        await using var conn = await db.DataSource.OpenConnectionAsync();
        var messages = await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM messages WHERE file_upload_id = @id", new { id });
        var distinct = await conn.ExecuteScalarAsync<long>("SELECT count(DISTINCT website_id) FROM messages WHERE file_upload_id = @id", new { id });
        var states = (await conn.QueryAsync<string>("SELECT generation_status FROM websites WHERE file_upload_id = @id ORDER BY row_number", new { id })).ToArray();
        return (messages, distinct, states);
    }

    [Fact]
    public async Task EveryScrapedLeadGetsOneMessage_AndARerunWritesNoSecond()
    {
        var id = await ScrapedUploadAsync(6);
        var store = PipelineParts.States(db.DataSource);
        var range = (await store.PendingGenerateAsync(id, 100, CancellationToken.None)).Single();

        var first = await Runner(new TemplateGenerator()).RunAsync(id, range, "test", CancellationToken.None);
        await using (var conn = await db.DataSource.OpenConnectionAsync())
        {
            // A retried job after a crash: rows claimed again although their messages exist.
            await conn.ExecuteAsync("UPDATE websites SET generation_status = 'pending' WHERE file_upload_id = @id", new { id });
        }

        await Runner(new TemplateGenerator()).RunAsync(id, range, "test", CancellationToken.None);

        var (messages, distinct, states) = await StateAsync(id);
        Assert.Equal(6, first.Done);
        Assert.Equal(6, messages);
        Assert.Equal(6, distinct);
        Assert.All(states, s => Assert.Equal("done", s));
    }

    [Fact]
    public async Task EndpointDown_RowsWaitAndThenFinish_NoneFailed()
    {
        var id = await ScrapedUploadAsync(3);
        var store = PipelineParts.States(db.DataSource);
        var range = (await store.PendingGenerateAsync(id, 100, CancellationToken.None)).Single();
        var down = Enumerable.Range(0, 4).Select(_ => new GenerationException("connect", "refused", transient: true, TimeSpan.FromMilliseconds(50))).ToArray();

        var outcome = await Runner(new ScriptedGenerator(down)).RunAsync(id, range, "test", CancellationToken.None);

        Assert.Equal(3, outcome.Done);
        Assert.Equal(0, outcome.Failed);
        Assert.All((await StateAsync(id)).States, s => Assert.Equal("done", s));
    }

    [Fact]
    public async Task BadCompletion_FailsThatLeadWithAReason_AndTheRestGoOn()
    {
        var id = await ScrapedUploadAsync(3);
        var store = PipelineParts.States(db.DataSource);
        var range = (await store.PendingGenerateAsync(id, 100, CancellationToken.None)).Single();

        var outcome = await Runner(new ScriptedGenerator(new GenerationException("empty_completion", "the completion is empty", transient: false))).RunAsync(id, range, "test", CancellationToken.None);

        await using var conn = await db.DataSource.OpenConnectionAsync();
        var errors = (await conn.QueryAsync<string?>("SELECT generation_error FROM websites WHERE file_upload_id = @id AND generation_status = 'failed'", new { id })).ToList();
        Assert.Equal(2, outcome.Done);
        Assert.Equal(1, outcome.Failed);
        Assert.StartsWith("empty_completion", Assert.Single(errors));
    }

    [Fact]
    public async Task LeadsStillBeingScraped_AreNotClaimed()
    {
        var id = await ScrapedUploadAsync(4);
        await using (var conn = await db.DataSource.OpenConnectionAsync())
        {
            await conn.ExecuteAsync("UPDATE websites SET scraping_status = 'fetching' WHERE file_upload_id = @id AND row_number = 2", new { id });
        }

        var range = IdRange.All;
        var outcome = await Runner(new TemplateGenerator()).RunAsync(id, range, "test", CancellationToken.None);

        Assert.Equal(3, outcome.Claimed);
        Assert.Equal("pending", (await StateAsync(id)).States[0]);
    }
}
