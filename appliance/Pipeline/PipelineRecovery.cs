using Dapper;
using Npgsql;

namespace Appliance.Pipeline;

/// <summary>
/// Rebuilds the job queues from PostgreSQL. Queued jobs live in memory (Hangfire.InMemory) and die with the
/// process; the tables say what is unfinished. Rows whose claim holder is gone go back to <c>pending</c>; every
/// upload with pending rows gets its scrape and generate chunks enqueued again; an upload whose ingest never
/// finished is ingested again from its stored file (an ingest is one transaction, so nothing half-loaded remains).
/// Idempotent: running it twice enqueues chunks that find nothing left to claim.
/// </summary>
public sealed class PipelineRecovery(NpgsqlDataSource db, HandOff handOff, NodeIdentity node, ILogger<PipelineRecovery> logger)
{

    public sealed record Result(int ScrapeRowsReturned, int GenerateRowsReturned, int IngestsResumed, int ScrapeChunks, int GenerateChunks)
    {
        public bool Nothing => this == new Result(0, 0, 0, 0, 0);
    }

    private const string Unloaded = "SELECT id AS Id, stored_path AS StoredPath FROM file_uploads WHERE state IN ('queued', 'ingesting') ORDER BY id";

    private const string MarkLost = """
        UPDATE file_uploads SET state = 'failed', error = 'the uploaded file is gone; upload it again', finished_at = now() WHERE id = @id
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
        var holders = (await conn.QueryAsync<string>(new CommandDefinition(LeadStates.Holders, cancellationToken: ct)))
            // Shared queues: other nodes' claims are theirs until their lease lapses (NodeLease); a process id says nothing there.
            .Where(h => (!node.Shared && ClaimOwner.IsGone(h, ClaimOwner.IsRunning)) || (ownClaimsAreStale && h == node.Name))
            .ToArray();
        var scrapeRows = await conn.ExecuteAsync(new CommandDefinition(LeadStates.ReturnOrphanedScrape, new { holders, before }, cancellationToken: ct));
        var generateRows = await conn.ExecuteAsync(new CommandDefinition(LeadStates.ReturnOrphanedGenerate, new { holders, before }, cancellationToken: ct));

        var ingests = 0;
        if (startUp)
        {
            foreach (var (id, path) in await conn.QueryAsync<(long Id, string? StoredPath)>(new CommandDefinition(Unloaded, cancellationToken: ct)))
            {
                if (path is not null && File.Exists(path))
                {
                    handOff.Ingest(id, path);
                    ingests++;
                }
                else if (node.Shared)
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
        foreach (var uploadId in enqueueOpen ? await conn.QueryAsync<long>(new CommandDefinition(LeadStates.OpenUploads, cancellationToken: ct)) : [])
        {
            // Scrape chunks queue their own generate chunk when done; these are the rows already scraped.
            scrapeChunks += await handOff.ScrapePendingAsync(uploadId, ct);
            generateChunks += await handOff.GeneratePendingAsync(uploadId, ct);
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
