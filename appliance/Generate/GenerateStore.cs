using Appliance.Jobs;
using Appliance.Storage;
using Dapper;
using Npgsql;

namespace Appliance.Generate;

/// <summary>
/// The generate stage's SQL. A lead is ready once its scrape ended (done or failed); rows move
/// <c>pending → generating → done | failed</c>; messages are inserted with
/// <c>ON CONFLICT (website_id) DO NOTHING</c>, so nothing a retry does can write a lead's message twice.
/// A claim records its node in <c>claimed_by</c>, as the scrape stage's does, so recovery knows whose it was.
/// With a <see cref="DatabaseRetry"/> every statement waits out a PostgreSQL outage.
/// </summary>
public sealed class GenerateStore(NpgsqlDataSource db, DatabaseRetry? retry = null, NodeIdentity? node = null)
{
    public sealed record Range(long FromId, long ToId);

    private string Owner => node?.Name ?? ClaimOwner.Current;

    private const string Claim = """
        UPDATE websites w SET generation_status = 'generating', claimed_by = @owner, claimed_at = now(), updated_at = now()
        FROM (SELECT id FROM websites
              WHERE file_upload_id = @uploadId AND id BETWEEN @fromId AND @toId
                AND generation_status = 'pending' AND scraping_status IN ('done', 'failed')
              ORDER BY id FOR UPDATE SKIP LOCKED) c
        WHERE w.id = c.id
        RETURNING w.id AS WebsiteId, w.company, w.contact, w.job_title AS JobTitle, w.industry, w.normalized_url AS Url, w.host,
                  w.scraping_status = 'done' AS FromSite, w.title, w.description, w.headings, w.text_excerpt AS Excerpt
        """;

    private const string PendingRanges = """
        SELECT min(id) AS FromId, max(id) AS ToId FROM (
            SELECT id, (row_number() OVER (ORDER BY id) - 1) / @chunk AS chunk
            FROM websites WHERE file_upload_id = @uploadId AND generation_status = 'pending' AND scraping_status IN ('done', 'failed')) t
        GROUP BY chunk ORDER BY 1
        """;

    private const string Insert = """
        WITH m AS (
            INSERT INTO messages (website_id, file_upload_id, body, generator, model, from_site, prompt_tokens, completion_tokens, latency_ms)
            SELECT u.id, @uploadId, u.body, u.generator, u.model, u.from_site, u.prompt, u.completion, u.latency
            FROM unnest(@ids, @bodies, @generators, @models, @fromSite, @prompt, @completion, @latency)
                 AS u(id, body, generator, model, from_site, prompt, completion, latency)
            ON CONFLICT (website_id) DO NOTHING)
        UPDATE websites SET generation_status = 'done', generation_error = NULL, generated_by = claimed_by, claimed_by = NULL, claimed_at = NULL, updated_at = now()
        WHERE id = ANY(@ids)
        """;

    private const string Fail = """
        UPDATE websites w SET generation_status = 'failed', generation_error = u.error, generated_by = w.claimed_by, claimed_by = NULL, claimed_at = NULL, updated_at = now()
        FROM unnest(@ids, @errors) AS u(id, error) WHERE w.id = u.id
        """;

    private const string Release = """
        UPDATE websites SET generation_status = 'pending', claimed_by = NULL, claimed_at = NULL
        WHERE id = ANY(@ids) AND generation_status = 'generating' AND claimed_by = @owner
        """;

    public Task<IReadOnlyList<LeadFacts>> ClaimAsync(long uploadId, Range range, CancellationToken ct) => Run<IReadOnlyList<LeadFacts>>(async () =>
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<ClaimedLead>(new CommandDefinition(Claim,
            new { uploadId, range.FromId, range.ToId, owner = Owner }, cancellationToken: ct));
        return rows.Select(r => new LeadFacts(r.WebsiteId, r.Company, r.Contact, r.JobTitle, r.Industry, r.Url, r.Host, r.FromSite,
            r.Title, r.Description, r.Headings ?? [], r.Excerpt)).ToList();
    }, ct);

    public Task<IReadOnlyList<Range>> PendingRangesAsync(long uploadId, int chunk, CancellationToken ct) => Run<IReadOnlyList<Range>>(async () =>
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<Range>(new CommandDefinition(PendingRanges, new { uploadId, chunk }, cancellationToken: ct))).ToList();
    }, ct);

    public async Task SaveAsync(long uploadId, IReadOnlyList<(LeadFacts Lead, GeneratedMessage Message)> done, CancellationToken ct)
    {
        if (done.Count == 0)
        {
            return;
        }

        var args = new
        {
            uploadId,
            ids = done.Select(d => d.Lead.WebsiteId).ToArray(),
            bodies = done.Select(d => d.Message.Body.Replace("\0", "", StringComparison.Ordinal)).ToArray(),
            generators = done.Select(d => d.Message.Generator).ToArray(),
            models = done.Select(d => d.Message.Model).ToArray(),
            fromSite = done.Select(d => d.Lead.FromSite).ToArray(),
            prompt = done.Select(d => d.Message.PromptTokens).ToArray(),
            completion = done.Select(d => d.Message.CompletionTokens).ToArray(),
            latency = done.Select(d => d.Message.LatencyMs).ToArray(),
        };
        await Run(async () =>
        {
            await using var conn = await db.OpenConnectionAsync(ct);
            return await conn.ExecuteAsync(new CommandDefinition(Insert, args, cancellationToken: ct));
        }, ct);
    }

    public async Task FailAsync(IReadOnlyList<(long Id, string Error)> failed, CancellationToken ct)
    {
        if (failed.Count == 0)
        {
            return;
        }

        var args = new { ids = failed.Select(f => f.Id).ToArray(), errors = failed.Select(f => f.Error).ToArray() };
        await Run(async () =>
        {
            await using var conn = await db.OpenConnectionAsync(ct);
            return await conn.ExecuteAsync(new CommandDefinition(Fail, args, cancellationToken: ct));
        }, ct);
    }

    public async Task ReleaseAsync(IReadOnlyCollection<long> ids)
    {
        if (ids.Count > 0)
        {
            // Bounded: on a stop with PostgreSQL down, start-up recovery hands these rows back instead.
            await Run(async () =>
            {
                await using var conn = await db.OpenConnectionAsync();
                return await conn.ExecuteAsync(Release, new { ids = ids.ToArray(), owner = Owner });
            }, CancellationToken.None, TimeSpan.FromSeconds(20));
        }
    }

    private Task<T> Run<T>(Func<Task<T>> action, CancellationToken ct, TimeSpan? maxWait = null) =>
        retry is null ? action() : retry.RunAsync(action, ct, maxWait);

    // Settable properties, not a positional record: Dapper reports a text[] column as System.Array when matching constructors.
    private sealed class ClaimedLead
    {
        public long WebsiteId { get; init; }
        public string? Company { get; init; }
        public string? Contact { get; init; }
        public string? JobTitle { get; init; }
        public string? Industry { get; init; }
        public string Url { get; init; } = "";
        public string Host { get; init; } = "";
        public bool FromSite { get; init; }
        public string? Title { get; init; }
        public string? Description { get; init; }
        public string[]? Headings { get; init; }
        public string? Excerpt { get; init; }
    }
}
