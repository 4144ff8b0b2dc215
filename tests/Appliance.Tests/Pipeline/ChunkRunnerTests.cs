using Appliance.Generate;
using Appliance.Ingest;
using Appliance.Pipeline;
using Appliance.Tests.Support;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Appliance.Tests.Pipeline;

/// <summary>What the one chunk runner guarantees whatever the stage: a refused row fails alone, attempts are capped.</summary>
public sealed class ChunkRunnerTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    private async Task<long> ScrapedUploadAsync(int rows)
    {
        using var dir = new TempDirectory();
        var path = dir.Write("leads.csv", "website,company\n" + string.Concat(Enumerable.Range(0, rows).Select(i => $"site{i}.example,Company {i}\n")));
        var ingestor = new UploadIngestor(db.DataSource, Options.Create(new IngestOptions()), NullLogger<UploadIngestor>.Instance);
        var id = await ingestor.RegisterAsync("leads.csv", 1, path);
        await ingestor.IngestAsync(id, path);
        await using var conn = await db.DataSource.OpenConnectionAsync();
        await conn.ExecuteAsync("UPDATE websites SET scraping_status = 'done' WHERE file_upload_id = @id", new { id });
        return id;
    }

    private async Task<List<(int Row, string Status, string? Error, int Attempts, bool Message)>> RowsAsync(long id)
    {
        await using var conn = await db.DataSource.OpenConnectionAsync();
        return (await conn.QueryAsync<(int, string, string?, int, bool)>("""
            SELECT w.row_number, w.generation_status, w.generation_error, w.generate_attempts, m.id IS NOT NULL
            FROM websites w LEFT JOIN messages m ON m.website_id = w.id WHERE w.file_upload_id = @id ORDER BY w.row_number
            """, new { id })).ToList();
    }

    private ChunkRunner<LeadFacts, GenerateResult> Runner(IMessageGenerator generator) =>
        PipelineParts.GenerateRunner(db.DataSource, generator, Options.Create(new GenerateOptions()));

    [Fact]
    public async Task ARowPostgreSqlRefuses_FailsAloneWithTheReason_AndTheRestOfItsBatchIsStored()
    {
        var id = await ScrapedUploadAsync(7);

        // Company 3's message ends in half an emoji: a lone surrogate, which no UTF-8 database can store.
        var outcome = await Runner(new BrokenTextGenerator("Company 3")).RunAsync(id, IdRange.All, "test", CancellationToken.None);

        var rows = await RowsAsync(id);
        Assert.Equal(7, outcome.Claimed);
        Assert.Equal(["done", "done", "done", "failed", "done", "done", "done"], rows.Select(r => r.Status));
        Assert.StartsWith("write_refused", rows[3].Error);
        Assert.Equal([true, true, true, false, true, true, true], rows.Select(r => r.Message));
    }

    [Fact]
    public async Task ARowClaimedMoreThanTheCap_FailsWithoutBeingWorkedAgain_OthersAreWorked()
    {
        var id = await ScrapedUploadAsync(3);
        await using (var conn = await db.DataSource.OpenConnectionAsync())
        {
            // Row 2 was claimed three times already, by chunks that crashed before writing it.
            await conn.ExecuteAsync("UPDATE websites SET generate_attempts = @max WHERE file_upload_id = @id AND row_number = 3",
                new { id, max = LeadStates.MaxAttempts });
        }

        var generator = new ScriptedGenerator();
        await Runner(generator).RunAsync(id, IdRange.All, "test", CancellationToken.None);

        var rows = await RowsAsync(id);
        Assert.Equal(["done", "failed", "done"], rows.Select(r => r.Status));
        Assert.StartsWith("attempts_exhausted", rows[1].Error);
        Assert.Equal(2, generator.Calls);
    }

    [Fact]
    public async Task AStoppedChunk_GivesItsAttemptBack_ACrashedOneKeepsIt()
    {
        var id = await ScrapedUploadAsync(2);
        using var stop = new CancellationTokenSource();
        var generator = new HangingGenerator();
        var run = Runner(generator).RunAsync(id, IdRange.All, "test", stop.Token);
        await generator.Started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.All(await RowsAsync(id), r => Assert.Equal(("generating", 1), (r.Status, r.Attempts)));

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.All(await RowsAsync(id), r => Assert.Equal(("pending", 0), (r.Status, r.Attempts)));

        await PipelineParts.States(db.DataSource).ClaimGenerateAsync(id, IdRange.All, "crashed-node", CancellationToken.None);
        Assert.All(await RowsAsync(id), r => Assert.Equal(("generating", 1), (r.Status, r.Attempts)));
    }

    /// <summary>Never answers: the chunk is working when it is stopped.</summary>
    private sealed class HangingGenerator : IMessageGenerator
    {
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task<GeneratedMessage> GenerateAsync(LeadFacts lead, CancellationToken ct)
        {
            Started.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct);
            throw new InvalidOperationException("unreachable");
        }
    }

    /// <summary>Writes a message cut inside an emoji for one company; a normal one for the others.</summary>
    private sealed class BrokenTextGenerator(string company) : IMessageGenerator
    {
        public Task<GeneratedMessage> GenerateAsync(LeadFacts lead, CancellationToken ct) => Task.FromResult(new GeneratedMessage(
            lead.Company == company ? "Thanks \ud83d" : $"Hello {lead.Company}", "test", null, 1, 1, 1));
    }
}
