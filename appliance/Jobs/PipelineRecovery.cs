using Appliance.Generate;
using Appliance.Ingest;
using Appliance.Scrape;
using Dapper;
using Hangfire;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Appliance.Jobs;

/// <summary>
/// Rebuilds the job queues from PostgreSQL. Queued jobs live in memory (Hangfire.InMemory) and die with the
/// process; the tables say what is unfinished. Rows whose claim holder is gone go back to <c>pending</c>; every
/// upload with pending rows gets its scrape and generate chunks enqueued again; an upload whose ingest never
/// finished is ingested again from its stored file (an ingest is one transaction, so nothing half-loaded remains).
/// Idempotent: running it twice enqueues chunks that find nothing left to claim.
/// </summary>
public sealed class PipelineRecovery(NpgsqlDataSource db, IBackgroundJobClient jobs, ScrapeDispatcher scrape, GenerateStore generate,
    IOptions<GenerateOptions> generateOptions, ILogger<PipelineRecovery> logger, NodeIdentity? node = null)
{
    private readonly string _me = node?.Name ?? ClaimOwner.Current;
    private readonly bool _shared = node?.Shared == true;

    public sealed record Result(int ScrapeRowsReturned, int GenerateRowsReturned, int IngestsResumed, int ScrapeChunks, int GenerateChunks)
    {
        public bool Nothing => this == new Result(0, 0, 0, 0, 0);
    }

    private const string Holders = """
        SELECT DISTINCT claimed_by FROM websites
        WHERE (scraping_status = 'fetching' OR generation_status = 'generating') AND claimed_by IS NOT NULL
        """;

    // A claim made after the recovery began (claimed_at >= @before) belongs to a live job, whatever the holder check said.
    private const string ReturnScrape = """
        UPDATE websites SET scraping_status = 'pending', claimed_by = NULL, claimed_at = NULL, updated_at = now()
        WHERE scraping_status = 'fetching' AND (claimed_by IS NULL OR claimed_by = ANY(@holders)) AND coalesce(claimed_at, '-infinity') < @before
        """;

    private const string ReturnGenerate = """
        UPDATE websites SET generation_status = 'pending', claimed_by = NULL, claimed_at = NULL, updated_at = now()
        WHERE generation_status = 'generating' AND (claimed_by IS NULL OR claimed_by = ANY(@holders)) AND coalesce(claimed_at, '-infinity') < @before
        """;

    private const string Unloaded = "SELECT id AS Id, stored_path AS StoredPath FROM file_uploads WHERE state IN ('queued', 'ingesting') ORDER BY id";

    private const string MarkLost = """
        UPDATE file_uploads SET state = 'failed', error = 'the uploaded file is gone; upload it again', finished_at = now() WHERE id = @id
        """;

    private const string Open = """
        SELECT u.id FROM file_uploads u
        WHERE u.state = 'ingested' AND EXISTS (
            SELECT 1 FROM websites w WHERE w.file_upload_id = u.id AND (w.scraping_status = 'pending' OR w.generation_status = 'pending'))
        ORDER BY u.id
        """;

    /// <param name="startUp">At start-up nothing of this process runs yet, so uploads left mid-ingest are resumed too
    /// (doing so later could race an ingest job still queued).</param>
    /// <param name="ownClaimsAreStale">True when no job of this process runs: its own leftover claims are orphans too.</param>
    /// <param name="enqueueOpen">Queue chunks for every upload with pending rows. With shared queues only when no node
    /// has work queued or running: otherwise those rows are already in the shared queue, or in a lapsed node's lease.</param>
    public async Task<Result> RecoverAsync(bool startUp, bool ownClaimsAreStale, CancellationToken ct, bool enqueueOpen = true)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var before = await conn.ExecuteScalarAsync<DateTime>(new CommandDefinition("SELECT now()", cancellationToken: ct));
        var holders = (await conn.QueryAsync<string>(new CommandDefinition(Holders, cancellationToken: ct)))
            // Shared queues: other nodes' claims are theirs until their lease lapses (NodeLease); a process id says nothing there.
            .Where(h => (!_shared && ClaimOwner.IsGone(h, ClaimOwner.IsRunning)) || (ownClaimsAreStale && h == _me))
            .ToArray();
        var scrapeRows = await conn.ExecuteAsync(new CommandDefinition(ReturnScrape, new { holders, before }, cancellationToken: ct));
        var generateRows = await conn.ExecuteAsync(new CommandDefinition(ReturnGenerate, new { holders, before }, cancellationToken: ct));

        var ingests = 0;
        if (startUp)
        {
            foreach (var (id, path) in await conn.QueryAsync<(long Id, string? StoredPath)>(new CommandDefinition(Unloaded, cancellationToken: ct)))
            {
                if (path is not null && File.Exists(path))
                {
                    var queue = node?.IngestQueue ?? JobsSetup.FileProcessing;
                    jobs.Enqueue<IngestJob>(j => j.RunAsync(queue, id, path, CancellationToken.None));
                    ingests++;
                }
                else if (_shared)
                {
                    // Uploads live in the receiving node's state directory: this one is another node's to resume.
                    continue;
                }
                else
                {
                    logger.LogWarning("Upload {UploadId} cannot be resumed: its file {Path} is gone", id, path);
                    await conn.ExecuteAsync(new CommandDefinition(MarkLost, new { id }, cancellationToken: ct));
                }
            }
        }

        int scrapeChunks = 0, generateChunks = 0;
        foreach (var uploadId in enqueueOpen ? await conn.QueryAsync<long>(new CommandDefinition(Open, cancellationToken: ct)) : [])
        {
            // Scrape chunks queue their own generate chunk when done; these are the rows already scraped.
            scrapeChunks += await scrape.EnqueueAsync(uploadId, ct);
            foreach (var range in await generate.PendingRangesAsync(uploadId, generateOptions.Value.ChunkSize, ct))
            {
                jobs.Enqueue<GenerateJob>(j => j.RunAsync(uploadId, range.FromId, range.ToId, CancellationToken.None));
                generateChunks++;
            }
        }

        var result = new Result(scrapeRows, generateRows, ingests, scrapeChunks, generateChunks);
        if (!result.Nothing)
        {
            logger.LogInformation(
                "Recovered unfinished work: {ScrapeRows} rows fetching and {GenerateRows} generating handed back to pending; {Ingests} uploads to ingest again; {ScrapeChunks} scrape and {GenerateChunks} generate chunks queued",
                scrapeRows, generateRows, ingests, scrapeChunks, generateChunks);
        }

        return result;
    }
}
