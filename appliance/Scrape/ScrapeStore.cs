using System.Text.Json;
using Appliance.Storage;
using Dapper;
using Npgsql;

namespace Appliance.Scrape;

/// <summary>
/// The scrape stage's SQL: claim a chunk of pending rows, write results in batches with one
/// <c>unnest</c> UPDATE, hand unfinished rows back. Rows move <c>pending → fetching → done | failed</c>;
/// a claim is <c>FOR UPDATE SKIP LOCKED</c>, so two workers never get the same row. With a <see cref="DatabaseRetry"/>
/// every statement waits out a PostgreSQL outage (they are all safe to run twice).
/// </summary>
public sealed class ScrapeStore(NpgsqlDataSource db, DatabaseRetry? retry = null)
{
    public sealed record ClaimedRow(long Id, string NormalizedUrl);

    public sealed record Range(long FromId, long ToId);

    private const string Claim = """
        UPDATE websites w SET scraping_status = 'fetching', claimed_by = @owner, claimed_at = now(), updated_at = now()
        FROM (SELECT id FROM websites
              WHERE file_upload_id = @uploadId AND id BETWEEN @fromId AND @toId AND scraping_status = 'pending'
              ORDER BY id FOR UPDATE SKIP LOCKED) c
        WHERE w.id = c.id
        RETURNING w.id AS Id, w.normalized_url AS NormalizedUrl
        """;

    private const string Release = """
        UPDATE websites SET scraping_status = 'pending', claimed_by = NULL, claimed_at = NULL, updated_at = now()
        WHERE id = ANY(@ids) AND scraping_status = 'fetching' AND claimed_by = @owner
        """;

    private const string PendingRanges = """
        SELECT min(id) AS FromId, max(id) AS ToId FROM (
            SELECT id, (row_number() OVER (ORDER BY id) - 1) / @chunk AS chunk
            FROM websites WHERE file_upload_id = @uploadId AND scraping_status = 'pending') t
        GROUP BY chunk ORDER BY 1
        """;

    private const string Write = """
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

    public Task<IReadOnlyList<ClaimedRow>> ClaimAsync(long uploadId, Range range, string owner, CancellationToken ct) => Run<IReadOnlyList<ClaimedRow>>(async () =>
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<ClaimedRow>(new CommandDefinition(Claim,
            new { uploadId, range.FromId, range.ToId, owner }, cancellationToken: ct))).ToList();
    }, ct);

    /// <summary>Id ranges of about <paramref name="chunk"/> pending rows each: one job per range.</summary>
    public Task<IReadOnlyList<Range>> PendingRangesAsync(long uploadId, int chunk, CancellationToken ct) => Run<IReadOnlyList<Range>>(async () =>
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<Range>(new CommandDefinition(PendingRanges, new { uploadId, chunk }, cancellationToken: ct))).ToList();
    }, ct);

    /// <summary>Hands back rows still claimed by <paramref name="owner"/>: a row another node took over in the meantime stays its.</summary>
    public async Task ReleaseAsync(IReadOnlyCollection<long> ids, string owner)
    {
        if (ids.Count == 0)
        {
            return;
        }

        // Bounded: on a stop with PostgreSQL down, start-up recovery hands these rows back instead.
        await Run(async () =>
        {
            await using var conn = await db.OpenConnectionAsync();
            return await conn.ExecuteAsync(Release, new { ids = ids.ToArray(), owner });
        }, CancellationToken.None, ReleaseMaxWait);
    }

    public async Task WriteAsync(IReadOnlyList<(long Id, ScrapeResult Result)> batch, CancellationToken ct)
    {
        if (batch.Count == 0)
        {
            return;
        }

        var facts = batch.Select(b => b.Result.Facts).ToArray();
        var args = new
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
        await Run(async () =>
        {
            await using var conn = await db.OpenConnectionAsync(ct);
            return await conn.ExecuteAsync(new CommandDefinition(Write, args, cancellationToken: ct));
        }, ct);
    }

    private static readonly TimeSpan ReleaseMaxWait = TimeSpan.FromSeconds(20);

    private Task<T> Run<T>(Func<Task<T>> action, CancellationToken ct, TimeSpan? maxWait = null) =>
        retry is null ? action() : retry.RunAsync(action, ct, maxWait);

    // PostgreSQL text cannot hold NUL; lists travel joined by the unit separator, so it cannot appear inside an item.
    private static string? Clean(string? s) => s?.Replace("\0", "", StringComparison.Ordinal).Replace('\x1f', ' ');

    private static string? Join(IReadOnlyList<string>? items) =>
        items is null || items.Count == 0 ? null : string.Join('\x1f', items.Select(i => Clean(i)));
}
