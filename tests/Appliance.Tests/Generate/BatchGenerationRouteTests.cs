using Appliance.Generate;
using Appliance.Ingest;
using Appliance.Lab;
using Appliance.Tests.Support;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Appliance.Tests.Generate;

/// <summary>
/// The batch route end to end: real PostgreSQL (llm_batches), the lab's batch API over loopback, batches that
/// finish in a fraction of a second. "Billed" is the lab's own count of requests that ran; it must equal the
/// leads however the route was interrupted.
/// </summary>
public sealed class BatchGenerationRouteTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    private async Task<IReadOnlyList<LeadFacts>> LeadsAsync(int rows)
    {
        using var dir = new TempDirectory();
        var path = dir.Write("leads.csv", "website,company,contact\n" + string.Concat(Enumerable.Range(0, rows).Select(i => $"site{i}.example,Company {i} Ltd,Ann Lee\n")));
        var ingestor = new UploadIngestor(db.DataSource, Options.Create(new IngestOptions()), NullLogger<UploadIngestor>.Instance);
        var id = await ingestor.RegisterAsync("leads.csv", 1, path);
        await ingestor.IngestAsync(id, path);
        await using (var conn = await db.DataSource.OpenConnectionAsync())
        {
            await conn.ExecuteAsync("UPDATE websites SET scraping_status = 'done', title = 'T' WHERE file_upload_id = @id", new { id });
        }

        var states = PipelineParts.States(db.DataSource);
        var range = (await states.PendingGenerateAsync(id, 100_000, CancellationToken.None)).Single();
        return (await states.ClaimGenerateAsync(id, range, "test", CancellationToken.None)).Select(c => c.Lead).ToList();
    }

    private static async Task<(LabServer Lab, LabLlmBatchOptions Batch)> LabAsync(Action<LabLlmBatchOptions>? configure = null)
    {
        LabLlmBatchOptions batch = null!;
        var lab = await Lab.LabLlmTests.StartAsync(o =>
        {
            batch = o.Batch;
            (batch.ValidatingSeconds, batch.TurnaroundMedianSeconds, batch.TurnaroundSigma, batch.FinalizingSeconds) = (0.02, 0.1, 0.3, 0.02);
            configure?.Invoke(batch);
        });
        return (lab, batch);
    }

    private BatchGenerationRoute Route(LabServer lab, Action<LlmBatchOptions>? configure = null)
    {
        var options = new LlmBatchOptions { PollSeconds = 0.02, MaxResubmissions = 2 };
        configure?.Invoke(options);
        var llm = new LlmOptions { BaseUrl = lab.LlmBaseUrl, ApiKey = "x", Model = "lab-model", MaxOutputTokens = 60 };
        return new BatchGenerationRoute(new LlmBatchStore(db.DataSource), new LlmBatchApi(LlmBatchApi.CreateHttpClient(llm)), llm, options,
            PromptTemplate.Default(), TimeProvider.System, NullLogger<BatchGenerationRoute>.Instance);
    }

    private async Task<(int Batches, int MaxAttempts)> TablesAsync(IEnumerable<LeadFacts> leads)
    {
        await using var conn = await db.DataSource.OpenConnectionAsync();
        var ids = leads.Select(l => l.WebsiteId).ToArray();
        return (await conn.ExecuteScalarAsync<int>("SELECT count(DISTINCT b.id)::int FROM llm_batches b WHERE b.batch_id IS NOT NULL AND EXISTS (SELECT 1 FROM llm_batch_items i WHERE i.batch_id = b.id AND i.website_id = ANY(@ids))", new { ids }),
            await conn.ExecuteScalarAsync<int>("SELECT coalesce(max(attempts), 0) FROM llm_batch_items WHERE website_id = ANY(@ids)", new { ids }));
    }

    [Fact]
    public async Task EveryLeadGetsOneMessage_FromBatchesSplitUnderTheRequestAndEnqueuedTokenLimits()
    {
        var leads = await LeadsAsync(30);
        var (lab, _) = await LabAsync(o => o.EnqueuedTokenLimit = 2_000);
        await using var _ = lab;
        var tokens = leads.Sum(l => LlmPacer.EstimateTokens(PromptTemplate.Default().Render(l)));

        var outcomes = await Route(lab, o => (o.MaxRequestsPerBatch, o.EnqueuedTokenLimit) = (8, 2_000)).RunAsync(leads, CancellationToken.None);

        Assert.Equal(leads.Select(l => l.WebsiteId), outcomes.Select(o => o.WebsiteId));
        Assert.All(outcomes, o => Assert.True(o.Message is { Generator: "llm-batch", PromptTokens: > 0, CompletionTokens: > 0 }, o.Failure));
        Assert.Equal(30, lab.LlmStats.BatchRequestsBilled);
        var (batches, attempts) = await TablesAsync(leads);
        Assert.True(tokens > 2_000, $"the test needs more than one wave: {tokens} tokens");
        Assert.InRange(batches, 4, 30); // at most 8 requests and ~1,900 tokens a batch
        Assert.Equal(1, attempts); // none twice
        Assert.Equal(lab.LlmStats.BatchesCreated, batches); // and the lab, enforcing the same limit, refused none
    }

    [Fact]
    public async Task RestartInTheMiddleOfABatch_ResumesIt_AndPaysForEachRequestOnce()
    {
        var leads = await LeadsAsync(12);
        var (lab, batch) = await LabAsync(o => (o.TurnaroundMedianSeconds, o.TurnaroundSigma) = (1.5, 0));
        await using var _ = lab;
        using var stop = new CancellationTokenSource();

        var first = Route(lab).RunAsync(leads, stop.Token);
        while (lab.LlmStats.BatchesCreated == 0)
        {
            await Task.Delay(10);
        }

        await stop.CancelAsync(); // the daemon stops while the provider works on the batch
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        var billedAtStop = lab.LlmStats.BatchRequestsBilled;
        var outcomes = await Route(lab).RunAsync(leads, CancellationToken.None); // a new process: nothing in memory

        Assert.Equal(0, billedAtStop);
        Assert.All(outcomes, o => Assert.NotNull(o.Message));
        Assert.Equal((1L, 12L), (lab.LlmStats.BatchesCreated, lab.LlmStats.BatchRequestsBilled));

        // A third call after the messages were collected reads the output file again: same messages, nothing new billed.
        var again = await Route(lab).RunAsync(leads, CancellationToken.None);
        Assert.Equal(outcomes.Select(o => o.Message!.Body), again.Select(o => o.Message!.Body));
        Assert.Equal((1L, 12L), (lab.LlmStats.BatchesCreated, lab.LlmStats.BatchRequestsBilled));
    }

    [Fact]
    public async Task ACreateCallLostInACrash_IsFoundAtTheProvider_NotCreatedAgain()
    {
        var leads = await LeadsAsync(5);
        var (lab, _) = await LabAsync();
        await using var _ = lab;
        var llm = new LlmOptions { BaseUrl = lab.LlmBaseUrl, ApiKey = "x", Model = "lab-model", MaxOutputTokens = 60 };
        var store = new LlmBatchStore(db.DataSource);
        var api = new LlmBatchApi(LlmBatchApi.CreateHttpClient(llm));
        var file = LlmBatchRequestFile.Take(new Queue<LlmBatchRequest>(leads.Select(l => new LlmBatchRequest(l.WebsiteId, PromptTemplate.Default().Render(l)))), llm, 100, 1 << 20, long.MaxValue)!;

        // What a crash right after the create call leaves: the row says "uploaded", the provider has the batch.
        var row = await store.PrepareAsync(file, llm.Model, CancellationToken.None);
        var fileId = await api.UploadAsync(file.Content, "crash.jsonl", CancellationToken.None);
        await store.UploadedAsync(row, fileId, CancellationToken.None);
        await api.CreateAsync(fileId, new Dictionary<string, string>(), CancellationToken.None);

        var outcomes = await Route(lab).RunAsync(leads, CancellationToken.None);

        Assert.All(outcomes, o => Assert.NotNull(o.Message));
        Assert.Equal((1L, 5L), (lab.LlmStats.BatchesCreated, lab.LlmStats.BatchRequestsBilled));
    }

    [Fact]
    public async Task ExpiredRequests_AreSubmittedAgain_AndFinish()
    {
        var leads = await LeadsAsync(20);
        var (lab, batch) = await LabAsync(o => (o.ExpiredBatchRate, o.CompletionWindowSeconds) = (1, 0.3));
        await using var _ = lab;

        var run = Route(lab).RunAsync(leads, CancellationToken.None);
        while (lab.LlmStats.BatchesCreated == 0)
        {
            await Task.Delay(5);
        }

        batch.ExpiredBatchRate = 0; // only the first batch runs out of its window
        var outcomes = await run;

        Assert.All(outcomes, o => Assert.NotNull(o.Message));
        Assert.Equal((2L, 20L), (lab.LlmStats.BatchesCreated, lab.LlmStats.BatchRequestsBilled));
        Assert.Equal((2, 2), await TablesAsync(leads));
    }

    [Fact]
    public async Task AFailingBatch_IsSubmittedAgainUpToTheLimit_ThenItsLeadsFailWithTheReason()
    {
        var leads = await LeadsAsync(4);
        var (lab, _) = await LabAsync(o => o.FailedBatchRate = 1);
        await using var _ = lab;

        var outcomes = await Route(lab, o => o.MaxResubmissions = 1).RunAsync(leads, CancellationToken.None);

        Assert.All(outcomes, o => Assert.Null(o.Message));
        Assert.All(outcomes, o => Assert.StartsWith("batch_failed: server_error", o.Failure, StringComparison.Ordinal));
        Assert.Equal((2L, 0L), (lab.LlmStats.BatchesCreated, lab.LlmStats.BatchRequestsBilled));

        // Settled: a later call answers from the table without calling the provider.
        var again = await Route(lab).RunAsync(leads, CancellationToken.None);
        Assert.All(again, o => Assert.NotNull(o.Failure));
        Assert.Equal(2L, lab.LlmStats.BatchesCreated);
    }

    [Fact]
    public async Task UnknownEnqueuedLimit_IsLearnedFromTheRefusal_AndTheRequestsWaitForRoom()
    {
        var leads = await LeadsAsync(12);
        // A batch of 6 (~760 tokens) fits, two do not. The first batch stays enqueued for 2 s, so the second is refused
        // however slowly the machine submits it (with a 0.1 s turnaround, on a loaded host the first had finished already).
        var (lab, _) = await LabAsync(o => (o.EnqueuedTokenLimit, o.TurnaroundMedianSeconds, o.TurnaroundSigma) = (800, 2, 0));
        await using var _ = lab;
        var route = Route(lab, o => o.MaxRequestsPerBatch = 6);

        var outcomes = await route.RunAsync(leads, CancellationToken.None);

        Assert.All(outcomes, o => Assert.NotNull(o.Message));
        Assert.Equal(800, route.EnqueuedTokenLimit);
        Assert.Equal(12, lab.LlmStats.BatchRequestsBilled);
        Assert.Equal(1, (await TablesAsync(leads)).MaxAttempts); // a refused batch does not use up an attempt
    }

    [Fact]
    public async Task Cancel_StopsTheProvidersBatch_AndItsUnfinishedLeadsComeBackCancelled()
    {
        var leads = await LeadsAsync(10);
        var (lab, _) = await LabAsync(o => (o.TurnaroundMedianSeconds, o.TurnaroundSigma) = (30, 0));
        await using var _ = lab;
        var route = Route(lab);

        var run = route.RunAsync(leads, CancellationToken.None);
        await using (var conn = await db.DataSource.OpenConnectionAsync())
        {
            // Until the route has written down the provider's batch id.
            while (await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM llm_batch_items i JOIN llm_batches b ON b.id = i.batch_id WHERE b.batch_id IS NOT NULL AND i.website_id = @id", new { id = leads[0].WebsiteId }) == 0)
            {
                await Task.Delay(5);
            }
        }

        Assert.Equal(1, await route.CancelAsync(leads.Select(l => l.WebsiteId).ToList(), CancellationToken.None));
        var outcomes = await run;

        Assert.All(outcomes, o => Assert.StartsWith("cancelled", o.Failure, StringComparison.Ordinal));
        Assert.Equal(0, lab.LlmStats.BatchRequestsBilled);
    }
}
