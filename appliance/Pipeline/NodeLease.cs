using System.Diagnostics;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Appliance.Pipeline;

/// <summary>
/// A node's lease on its claims, for nodes sharing the queues (<c>Jobs:Storage = postgres</c>). Each node renews its
/// row in <c>appliance_nodes</c> every third of <c>Jobs:LeaseSeconds</c>; rows it claims carry its name. When a lease
/// lapses (the node died or lost the database), any other node hands that node's claims back to pending and queues
/// chunks for exactly those rows — and for rows the dead node scraped but had not yet handed to generate. Dead nodes are
/// locked <c>FOR UPDATE SKIP LOCKED</c>, so two survivors never both take the same node's work; work a live node holds
/// is never touched.
/// </summary>
public sealed class NodeLease(NpgsqlDataSource db, NodeIdentity node, HandOff handOff, IOptions<JobsOptions> options, ILogger<NodeLease> logger)
{
    public sealed record Result(IReadOnlyList<string> Nodes, int ScrapeRows, int GenerateRows, int ScrapeChunks, int GenerateChunks);

    private sealed record Row(long UploadId, long Id);

    private const string Renew = """
        INSERT INTO appliance_nodes (name, lease_until) VALUES (@name, now() + make_interval(secs => @seconds))
        ON CONFLICT (name) DO UPDATE SET heartbeat_at = now(), lease_until = excluded.lease_until
        """;

    private const string Restart = "UPDATE appliance_nodes SET started_at = now() WHERE name = @name";

    private const string Dead = """
        SELECT name FROM appliance_nodes WHERE lease_until < now() AND name <> @me ORDER BY name FOR UPDATE SKIP LOCKED
        """;

    // Stranded rows (LeadStates.Stranded) are queued again only while nothing waits in the shared queues: no job will
    // take them (a chunk a dead node had taken, a hand-off lost between a reclaim's commit and its enqueue). A chunk that
    // does exist after all finds nothing left to claim.

    private const string Forget = "DELETE FROM appliance_nodes WHERE name = ANY(@names) AND name <> @me";

    private static readonly DateTime ProcessStarted = Process.GetCurrentProcess().StartTime.ToUniversalTime();

    public async Task RenewAsync(bool starting, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(Renew, new { name = node.Name, seconds = (double)options.Value.LeaseSeconds }, cancellationToken: ct));
        if (starting)
        {
            await conn.ExecuteAsync(new CommandDefinition(Restart, new { name = node.Name }, cancellationToken: ct));
        }
    }

    /// <param name="includeSelf">At start-up: claims this node's name holds from before this process are orphans too.</param>
    public async Task<Result> ReclaimAsync(bool includeSelf, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var names = (await conn.QueryAsync<string>(new CommandDefinition(Dead, new { me = node.Name }, tx, cancellationToken: ct))).ToList();
        if (includeSelf)
        {
            names.Add(node.Name);
        }

        if (names.Count == 0)
        {
            return new Result([], 0, 0, 0, 0);
        }

        var args = new { names = names.ToArray(), me = node.Name, before = ProcessStarted };
        var scrapeRows = (await conn.QueryAsync<Row>(new CommandDefinition(LeadStates.ReturnLapsedScrape, args, tx, cancellationToken: ct))).ToList();
        var generateRows = (await conn.QueryAsync<Row>(new CommandDefinition(LeadStates.ReturnLapsedGenerate, args, tx, cancellationToken: ct))).ToList();
        var handedOff = (await conn.QueryAsync<Row>(new CommandDefinition(LeadStates.HandedOffBy, args, tx, cancellationToken: ct))).ToList();
        await conn.ExecuteAsync(new CommandDefinition(Forget, args, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);

        // Queued after the commit: a node that dies in between leaves pending rows that the idle recovery finds (RecoveryService).
        var scrapeChunks = handOff.ScrapeRows(scrapeRows.Select(r => (r.UploadId, r.Id)));
        var generateChunks = handOff.GenerateRows([.. generateRows.Select(r => (r.UploadId, r.Id)), .. handedOff.Select(r => (r.UploadId, r.Id))]);

        var result = new Result(names, scrapeRows.Count, generateRows.Count, scrapeChunks, generateChunks);
        if (scrapeRows.Count + generateRows.Count + handedOff.Count > 0 || names.Any(n => n != node.Name))
        {
            logger.LogInformation(
                "Reclaimed the work of {Nodes}: {ScrapeRows} rows fetching and {GenerateRows} generating handed back to pending, {HandedOff} scraped rows handed to generate; {ScrapeChunks} scrape and {GenerateChunks} generate chunks queued",
                string.Join(", ", names), scrapeRows.Count, generateRows.Count, handedOff.Count, scrapeChunks, generateChunks);
        }

        return result;
    }

    /// <summary>Queues chunks for pending rows no job will take (see <see cref="LeadStates.Stranded"/>); call only when the shared queues are empty.</summary>
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var rows = (await conn.QueryAsync<(long UploadId, long Id, bool Scrape)>(new CommandDefinition(LeadStates.Stranded,
            new { stale = 2.0 * options.Value.LeaseSeconds }, cancellationToken: ct))).ToList();
        var chunks = handOff.ScrapeRows(rows.Where(r => r.Scrape).Select(r => (r.UploadId, r.Id)))
            + handOff.GenerateRows(rows.Where(r => !r.Scrape).Select(r => (r.UploadId, r.Id)));

        if (rows.Count > 0)
        {
            logger.LogInformation("Queued {Chunks} chunks for {Rows} pending rows no job would take", chunks, rows.Count);
        }

        return rows.Count;
    }

}
