using Appliance.Generate;
using Appliance.Ingest;
using Appliance.Pipeline;
using Appliance.Tests.Support;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Appliance.Tests.Pipeline;

/// <summary>Generate:Mode=batch through the pipeline's chunk: claimed leads, one route call, messages stored once, a stop handing the leads back.</summary>
public sealed class BatchGenerateChunkTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    private async Task<long> UploadAsync(int rows)
    {
        using var dir = new TempDirectory();
        var path = dir.Write("leads.csv", "website,company\n" + string.Concat(Enumerable.Range(0, rows).Select(i => $"site{i}.example,Company {i} Ltd\n")));
        var ingestor = new UploadIngestor(db.DataSource, Options.Create(new IngestOptions()), NullLogger<UploadIngestor>.Instance);
        var id = await ingestor.RegisterAsync("leads.csv", 1, path);
        await ingestor.IngestAsync(id, path);
        await using var conn = await db.DataSource.OpenConnectionAsync();
        await conn.ExecuteAsync("UPDATE websites SET scraping_status = CASE WHEN row_number % 2 = 0 THEN 'done' ELSE 'failed' END WHERE file_upload_id = @id", new { id });
        return id;
    }

    private BatchGenerateChunk Chunk(Appliance.Lab.LabServer lab)
    {
        var llm = new LlmOptions { BaseUrl = lab.LlmBaseUrl, ApiKey = "x", Model = "lab-model", MaxOutputTokens = 60 };
        var route = new BatchGenerationRoute(new LlmBatchStore(db.DataSource), new LlmBatchApi(LlmBatchApi.CreateHttpClient(llm)), llm,
            new LlmBatchOptions { PollSeconds = 0.02 }, PromptTemplate.Default(), TimeProvider.System, NullLogger<BatchGenerationRoute>.Instance);
        return new BatchGenerateChunk(PipelineParts.States(db.DataSource), route, PipelineParts.Metrics());
    }

    [Fact]
    public async Task AStopMidBatch_GivesTheLeadsBack_AndTheNextClaimResumesTheSameBatch_OneMessageEach()
    {
        var upload = await UploadAsync(8);
        await using var lab = await Lab.LabLlmTests.StartAsync(o => (o.Batch.ValidatingSeconds, o.Batch.TurnaroundMedianSeconds, o.Batch.TurnaroundSigma, o.Batch.FinalizingSeconds) = (0, 1, 0, 0));
        var states = PipelineParts.States(db.DataSource);
        var range = (await states.PendingGenerateAsync(upload, 100, CancellationToken.None)).Single();
        using var stop = new CancellationTokenSource();

        var first = Chunk(lab).RunAsync(upload, range, "node-a", null, stop.Token);
        while (lab.LlmStats.BatchesCreated == 0)
        {
            await Task.Delay(5);
        }

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        await using var conn = await db.DataSource.OpenConnectionAsync();
        var pendingAfterStop = await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM websites WHERE file_upload_id = @upload AND generation_status = 'pending'", new { upload });

        var claimed = await Chunk(lab).RunAsync(upload, range, "node-b", null, CancellationToken.None);

        var stored = await conn.QuerySingleAsync<(long, long, string)>(
            "SELECT count(*), count(DISTINCT website_id), min(generator) FROM messages WHERE file_upload_id = @upload", new { upload });
        Assert.Equal(8, pendingAfterStop);
        Assert.Equal(8, claimed);
        Assert.Equal((8L, 8L, "llm-batch"), stored);
        Assert.Equal((1L, 8L), (lab.LlmStats.BatchesCreated, lab.LlmStats.BatchRequestsBilled));
        Assert.Equal(8, await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM websites WHERE file_upload_id = @upload AND generation_status = 'done'", new { upload }));
    }
}
