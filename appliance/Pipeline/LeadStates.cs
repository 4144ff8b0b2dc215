using System.Text.Json;
using Appliance.Generate;
using Appliance.Scrape;
using Appliance.Storage;
using Dapper;
using Npgsql;

namespace Appliance.Pipeline;

/// <summary>
/// The state machine of a <c>websites</c> row, in one place: the status names and every statement that moves a row.
/// Scrape: <c>pending → fetching → done | failed</c>; generate, once the scrape ended: <c>pending → generating → done |
/// failed</c>. A claim is <c>FOR UPDATE SKIP LOCKED</c> (two workers never get one row), records its holder in
/// <c>claimed_by</c> and counts an attempt; a write touches only rows still claimed; a release hands back only rows the
/// releasing node still holds; messages insert <c>ON CONFLICT (website_id) DO NOTHING</c>. Every statement is safe to
/// run twice, so each runs through <see cref="DatabaseRetry"/> and waits out a PostgreSQL outage. Recovery
/// (<see cref="PipelineRecovery"/>) and the node lease (<see cref="NodeLease"/>) run the reclaim statements below.
/// </summary>
public sealed class LeadStates(NpgsqlDataSource db, DatabaseRetry retry)
{
    public const string Pending = "pending";
    public const string Fetching = "fetching";
    public const string Generating = "generating";
    public const string Done = "done";
    public const string Failed = "failed";

    /// <summary>Claims of one row at most; a row claimed more often (its chunk crashed each time) fails instead.</summary>
    public const int MaxAttempts = 3;

    public sealed record ClaimedUrl(long Id, string NormalizedUrl, int Attempts);

    private const string ClaimScrape = """
        UPDATE websites w SET scraping_status = 'fetching', claimed_by = @owner, claimed_at = now(), updated_at = now(),
            scrape_attempts = w.scrape_attempts + 1
        FROM (SELECT id FROM websites
              WHERE file_upload_id = @uploadId AND id BETWEEN @fromId AND @toId AND scraping_status = 'pending'
              ORDER BY id FOR UPDATE SKIP LOCKED) c
        WHERE w.id = c.id
        RETURNING w.id AS Id, w.normalized_url AS NormalizedUrl, w.scrape_attempts::int AS Attempts
        """;

    // A graceful release (a stop, a cancelled chunk) gives the attempt back; a crash's orphans keep it (recovery).
    private const string ReleaseScrape = """
        UPDATE websites SET scraping_status = 'pending', claimed_by = NULL, claimed_at = NULL, updated_at = now(),
            scrape_attempts = greatest(scrape_attempts - @giveBack, 0)
        WHERE id = ANY(@ids) AND scraping_status = 'fetching' AND claimed_by = @owner
        """;

    private const string PendingScrape = """
        SELECT min(id) AS FromId, max(id) AS ToId FROM (
            SELECT id, (row_number() OVER (ORDER BY id) - 1) / @chunk AS chunk
            FROM websites WHERE file_upload_id = @uploadId AND scraping_status = 'pending') t
        GROUP BY chunk ORDER BY 1
        """;

    private const string WriteScrape = """
        UPDATE websites w SET
            scraping_status = u.status, failure_reason = u.reason, http_status = u.http, error = u.detail, final_url = u.final_url,
            title = u.title, description = u.description, language = u.language, open_graph = u.og::jsonb,
            headings = string_to_array(u.headings, E'\x1f'), text_excerpt = u.excerpt,
            emails = string_to_array(u.emails, E'\x1f'), phones = string_to_array(u.phones, E'\x1f'),
            social_links = string_to_array(u.social, E'\x1f'), about_url = u.about, contact_url = u.contact,
            bytes = u.bytes, fetch_ms = u.fetch_ms, truncated = u.truncated,
            scraped_at = now(), updated_at = now(), scraped_by = w.claimed_by, claimed_by = NULL, claimed_at = NULL
        FROM unnest(@ids, @statuses, @reasons, @https, @details, @finalUrls, @titles, @descriptions, @languages, @ogs,
                    @headings, @excerpts, @emails, @phones, @socials, @abouts, @contacts, @bytes, @fetchMs, @truncated)
             AS u(id, status, reason, http, detail, final_url, title, description, language, og,
                  headings, excerpt, emails, phones, social, about, contact, bytes, fetch_ms, truncated)
        WHERE w.id = u.id AND w.scraping_status = 'fetching'
        """;

    private const string ClaimGenerate = """
        UPDATE websites w SET generation_status = 'generating', claimed_by = @owner, claimed_at = now(), updated_at = now(),
            generate_attempts = w.generate_attempts + 1
        FROM (SELECT id FROM websites
              WHERE file_upload_id = @uploadId AND id BETWEEN @fromId AND @toId
                AND generation_status = 'pending' AND scraping_status IN ('done', 'failed')
              ORDER BY id FOR UPDATE SKIP LOCKED) c
        WHERE w.id = c.id
        RETURNING w.id AS WebsiteId, w.company, w.contact, w.job_title AS JobTitle, w.industry, w.normalized_url AS Url, w.host,
                  w.scraping_status = 'done' AS FromSite, w.title, w.description, w.headings, w.text_excerpt AS Excerpt,
                  w.generate_attempts::int AS Attempts
        """;

    private const string PendingGenerate = """
        SELECT min(id) AS FromId, max(id) AS ToId FROM (
            SELECT id, (row_number() OVER (ORDER BY id) - 1) / @chunk AS chunk
            FROM websites WHERE file_upload_id = @uploadId AND generation_status = 'pending' AND scraping_status IN ('done', 'failed')) t
        GROUP BY chunk ORDER BY 1
        """;

    private const string SaveMessages = """
        WITH m AS (
            INSERT INTO messages (website_id, file_upload_id, body, generator, model, from_site, prompt_tokens, completion_tokens, latency_ms)
            SELECT u.id, @uploadId, u.body, u.generator, u.model, u.from_site, u.prompt, u.completion, u.latency
            FROM unnest(@ids, @bodies, @generators, @models, @fromSite, @prompt, @completion, @latency)
                 AS u(id, body, generator, model, from_site, prompt, completion, latency)
            ON CONFLICT (website_id) DO NOTHING)
        UPDATE websites SET generation_status = 'done', generation_error = NULL, generated_by = claimed_by, claimed_by = NULL, claimed_at = NULL, updated_at = now()
        WHERE id = ANY(@ids) AND generation_status = 'generating'
        """;

    private const string FailGenerate = """
        UPDATE websites w SET generation_status = 'failed', generation_error = u.error, generated_by = w.claimed_by, claimed_by = NULL, claimed_at = NULL, updated_at = now()
        FROM unnest(@ids, @errors) AS u(id, error) WHERE w.id = u.id AND w.generation_status = 'generating'
        """;

    private const string ReleaseGenerate = """
        UPDATE websites SET generation_status = 'pending', claimed_by = NULL, claimed_at = NULL, updated_at = now(),
            generate_attempts = greatest(generate_attempts - @giveBack, 0)
        WHERE id = ANY(@ids) AND generation_status = 'generating' AND claimed_by = @owner
        """;

    private const string CountPending = """
        SELECT count(*) FILTER (WHERE scraping_status = 'pending') AS Scrape,
               count(*) FILTER (WHERE generation_status = 'pending') AS Generate
        FROM websites WHERE file_upload_id = @uploadId
        """;

    // Reclaims, run by PipelineRecovery and NodeLease inside their own transactions.

    /// <summary>Who holds claimed rows now.</summary>
    internal const string Holders = """
        SELECT DISTINCT claimed_by FROM websites
        WHERE (scraping_status = 'fetching' OR generation_status = 'generating') AND claimed_by IS NOT NULL
        """;

    /// <summary>Rows of gone holders back to pending; a claim made after the recovery began (claimed_at >= @before) is a live job's.</summary>
    internal const string ReturnOrphanedScrape = """
        UPDATE websites SET scraping_status = 'pending', claimed_by = NULL, claimed_at = NULL, updated_at = now()
        WHERE scraping_status = 'fetching' AND (claimed_by IS NULL OR claimed_by = ANY(@holders)) AND coalesce(claimed_at, '-infinity') < @before
        """;

    internal const string ReturnOrphanedGenerate = """
        UPDATE websites SET generation_status = 'pending', claimed_by = NULL, claimed_at = NULL, updated_at = now()
        WHERE generation_status = 'generating' AND (claimed_by IS NULL OR claimed_by = ANY(@holders)) AND coalesce(claimed_at, '-infinity') < @before
        """;

    /// <summary>Uploads with rows still to scrape or generate.</summary>
    internal const string OpenUploads = """
        SELECT u.id FROM file_uploads u
        WHERE u.state = 'ingested' AND EXISTS (
            SELECT 1 FROM websites w WHERE w.file_upload_id = u.id AND (w.scraping_status = 'pending' OR w.generation_status = 'pending'))
        ORDER BY u.id
        """;

    // A node's own claims are stale only when they are older than this process (a previous run under the same name).
    internal const string ReturnLapsedScrape = """
        UPDATE websites SET scraping_status = 'pending', claimed_by = NULL, claimed_at = NULL, updated_at = now()
        WHERE claimed_by = ANY(@names) AND scraping_status = 'fetching' AND (claimed_by <> @me OR claimed_at < @before)
        RETURNING file_upload_id AS UploadId, id AS Id
        """;

    internal const string ReturnLapsedGenerate = """
        UPDATE websites SET generation_status = 'pending', claimed_by = NULL, claimed_at = NULL, updated_at = now()
        WHERE claimed_by = ANY(@names) AND generation_status = 'generating' AND (claimed_by <> @me OR claimed_at < @before)
        RETURNING file_upload_id AS UploadId, id AS Id
        """;

    /// <summary>Scraped by a dead node, still waiting for generate: the hand-off may have died with it.</summary>
    internal const string HandedOffBy = """
        SELECT file_upload_id AS UploadId, id AS Id FROM websites
        WHERE scraped_by = ANY(@names) AND generation_status = 'pending' AND scraping_status IN ('done', 'failed')
        """;

    /// <summary>Pending, unclaimed and untouched for <c>@stale</c> seconds in an ingested upload: rows no job may take.</summary>
    internal const string Stranded = """
        SELECT w.file_upload_id AS UploadId, w.id AS Id, w.scraping_status = 'pending' AS Scrape FROM websites w
        JOIN file_uploads u ON u.id = w.file_upload_id AND u.state = 'ingested'
        WHERE w.claimed_by IS NULL AND w.updated_at < now() - make_interval(secs => @stale)
          AND (w.scraping_status = 'pending' OR (w.generation_status = 'pending' AND w.scraping_status IN ('done', 'failed')))
        """;

    /// <summary>Rows of the upload waiting for each stage (generate: whether or not their scrape ended).</summary>
    public async Task<(long Scrape, long Generate)> PendingCountsAsync(long uploadId, CancellationToken ct) =>
        (await QueryAsync<(long Scrape, long Generate)>(CountPending, new { uploadId }, ct))[0];

    public Task<IReadOnlyList<ClaimedUrl>> ClaimScrapeAsync(long uploadId, IdRange range, string owner, CancellationToken ct) =>
        QueryAsync<ClaimedUrl>(ClaimScrape, new { uploadId, range.FromId, range.ToId, owner }, ct);

    public Task<IReadOnlyList<IdRange>> PendingScrapeAsync(long uploadId, int chunk, CancellationToken ct) =>
        QueryAsync<IdRange>(PendingScrape, new { uploadId, chunk }, ct);

    public Task ReleaseScrapeAsync(IReadOnlyCollection<long> ids, string owner, bool giveBackAttempt) =>
        ReleaseAsync(ReleaseScrape, ids, owner, giveBackAttempt);

    public Task WriteScrapedAsync(IReadOnlyList<(long Id, ScrapeResult Result)> batch, CancellationToken ct) =>
        batch.Count == 0 ? Task.CompletedTask : ExecuteAsync(WriteScrape, ScrapeColumns.Of(batch), ct);

    public async Task<IReadOnlyList<(LeadFacts Lead, int Attempts)>> ClaimGenerateAsync(long uploadId, IdRange range, string owner, CancellationToken ct)
    {
        var rows = await QueryAsync<ClaimedLead>(ClaimGenerate, new { uploadId, range.FromId, range.ToId, owner }, ct);
        return [.. rows.Select(r => (new LeadFacts(r.WebsiteId, r.Company, r.Contact, r.JobTitle, r.Industry, r.Url, r.Host, r.FromSite,
            r.Title, r.Description, r.Headings ?? [], r.Excerpt), r.Attempts))];
    }

    public Task<IReadOnlyList<IdRange>> PendingGenerateAsync(long uploadId, int chunk, CancellationToken ct) =>
        QueryAsync<IdRange>(PendingGenerate, new { uploadId, chunk }, ct);

    public Task SaveMessagesAsync(long uploadId, IReadOnlyList<(LeadFacts Lead, GeneratedMessage Message)> done, CancellationToken ct) =>
        done.Count == 0 ? Task.CompletedTask : ExecuteAsync(SaveMessages, new
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
        }, ct);

    public Task FailGenerateAsync(IReadOnlyList<(long Id, string Error)> failed, CancellationToken ct) =>
        failed.Count == 0 ? Task.CompletedTask : ExecuteAsync(FailGenerate,
            new { ids = failed.Select(f => f.Id).ToArray(), errors = failed.Select(f => f.Error).ToArray() }, ct);

    public Task ReleaseGenerateAsync(IReadOnlyCollection<long> ids, string owner, bool giveBackAttempt) =>
        ReleaseAsync(ReleaseGenerate, ids, owner, giveBackAttempt);

    // Bounded: on a stop with PostgreSQL down, start-up recovery hands these rows back instead.
    private async Task ReleaseAsync(string sql, IReadOnlyCollection<long> ids, string owner, bool giveBackAttempt)
    {
        if (ids.Count > 0)
        {
            await retry.RunAsync(async () =>
            {
                await using var conn = await db.OpenConnectionAsync();
                return await conn.ExecuteAsync(sql, new { ids = ids.ToArray(), owner, giveBack = giveBackAttempt ? 1 : 0 });
            }, CancellationToken.None, TimeSpan.FromSeconds(20));
        }
    }

    private Task<IReadOnlyList<T>> QueryAsync<T>(string sql, object args, CancellationToken ct) => retry.RunAsync<IReadOnlyList<T>>(async () =>
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<T>(new CommandDefinition(sql, args, cancellationToken: ct))).ToList();
    }, ct);

    private Task ExecuteAsync(string sql, object args, CancellationToken ct) => retry.RunAsync(async () =>
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteAsync(new CommandDefinition(sql, args, cancellationToken: ct));
    }, ct);

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
        public int Attempts { get; init; }
    }

    /// <summary>A batch of scrape results as the parallel arrays <see cref="WriteScrape"/> unnests.</summary>
    private static class ScrapeColumns
    {
        public static object Of(IReadOnlyList<(long Id, ScrapeResult Result)> batch)
        {
            var facts = batch.Select(b => b.Result.Facts).ToArray();
            return new
            {
                ids = batch.Select(b => b.Id).ToArray(),
                statuses = batch.Select(b => b.Result.Status).ToArray(),
                reasons = batch.Select(b => b.Result.FailureReason).ToArray(),
                https = batch.Select(b => (short?)b.Result.HttpStatus).ToArray(),
                details = batch.Select(b => Clean(b.Result.Detail)).ToArray(),
                finalUrls = batch.Select(b => Clean(b.Result.FinalUrl)).ToArray(),
                titles = facts.Select(f => Clean(f?.Title)).ToArray(),
                descriptions = facts.Select(f => Clean(f?.Description)).ToArray(),
                languages = facts.Select(f => Clean(f?.Language)).ToArray(),
                ogs = facts.Select(f => f is null || f.OpenGraph.Count == 0 ? null : Clean(JsonSerializer.Serialize(f.OpenGraph))).ToArray(),
                headings = facts.Select(f => Join(f?.Headings)).ToArray(),
                excerpts = facts.Select(f => Clean(f?.TextExcerpt)).ToArray(),
                emails = facts.Select(f => Join(f?.Emails)).ToArray(),
                phones = facts.Select(f => Join(f?.Phones)).ToArray(),
                socials = facts.Select(f => Join(f?.SocialLinks)).ToArray(),
                abouts = facts.Select(f => Clean(f?.AboutUrl)).ToArray(),
                contacts = facts.Select(f => Clean(f?.ContactUrl)).ToArray(),
                bytes = batch.Select(b => (int)Math.Min(int.MaxValue, b.Result.Bytes)).ToArray(),
                fetchMs = batch.Select(b => b.Result.FetchMs).ToArray(),
                truncated = batch.Select(b => b.Result.Truncated).ToArray(),
            };
        }

        // PostgreSQL text cannot hold NUL; lists travel joined by the unit separator, so it cannot appear inside an item.
        private static string? Clean(string? s) => s?.Replace("\0", "", StringComparison.Ordinal).Replace('\x1f', ' ');

        private static string? Join(IReadOnlyList<string>? items) =>
            items is null || items.Count == 0 ? null : string.Join('\x1f', items.Select(i => Clean(i)));
    }
}
