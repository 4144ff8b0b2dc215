using Appliance.Api;
using Dapper;
using Npgsql;

namespace Appliance.Web;

/// <summary>
/// The small JSON reads the web page polls: recent uploads, one upload's live progress, its leads, and one lead with
/// what was scraped and its message.
/// </summary>
public static class UploadViewEndpoints
{
    private const string SelectUploads = """
        SELECT id, file_name AS FileName, size_bytes AS SizeBytes, format, state, rows_accepted AS RowsAccepted,
               rows_rejected AS RowsRejected, error, created_at AS CreatedAt, started_at AS StartedAt, finished_at AS FinishedAt
        FROM file_uploads ORDER BY id DESC LIMIT @limit
        """;

    private const string SelectUpload = """
        SELECT id, file_name AS FileName, size_bytes AS SizeBytes, format, state, rows_accepted AS RowsAccepted,
               rows_rejected AS RowsRejected, error, created_at AS CreatedAt, started_at AS StartedAt, finished_at AS FinishedAt,
               extract(epoch FROM now() - coalesce(finished_at, started_at, created_at))::float8 AS Age
        FROM file_uploads WHERE id = @id
        """;

    // Kept per upload by triggers on websites (migration 0009): a handful of rows whatever the upload's size.
    private const string SelectCounts = """
        SELECT scraping_status AS Scraping, nullif(failure_reason, '') AS Reason, generation_status AS Generation, row_count AS Count
        FROM upload_progress WHERE file_upload_id = @id AND row_count <> 0
        """;

    // Seconds in which rows finished a stage, the current one included: at most 60 rows.
    private const string SelectRecent = """
        SELECT coalesce(sum(scraped), 0)::bigint AS Scraped, coalesce(sum(generated), 0)::bigint AS Generated
        FROM upload_activity WHERE file_upload_id = @id AND second > now() - interval '60 seconds'
        """;

    private const string SelectLeads = """
        SELECT id, row_number AS RowNumber, url, company, scraping_status AS ScrapingStatus, failure_reason AS FailureReason,
               generation_status AS GenerationStatus
        FROM websites WHERE file_upload_id = @id AND row_number > @after ORDER BY row_number LIMIT @limit
        """;

    private const string SelectLead = """
        SELECT w.id, w.file_upload_id AS UploadId, w.row_number AS RowNumber, w.url, w.final_url AS FinalUrl, w.company, w.contact,
               w.email, w.scraping_status AS ScrapingStatus, w.failure_reason AS FailureReason, w.http_status AS HttpStatus, w.error,
               w.title, w.description, w.language, w.headings, w.emails, w.phones, w.social_links AS SocialLinks,
               w.about_url AS AboutUrl, w.contact_url AS ContactUrl, w.text_excerpt AS TextExcerpt,
               w.generation_status AS GenerationStatus, w.generation_error AS GenerationError,
               m.body AS Message, m.generator, m.model, m.from_site AS FromSite
        FROM websites w LEFT JOIN messages m ON m.website_id = w.id WHERE w.id = @id
        """;

    public static IEndpointRouteBuilder MapUploadViews(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/uploads", List);
        app.MapGet("/api/uploads/{id:long}/progress", Progress);
        app.MapGet("/api/uploads/{id:long}/leads", Leads);
        app.MapGet("/api/leads/{id:long}", Lead);
        return app;
    }

    private static async Task<IResult> List(NpgsqlDataSource db, CancellationToken ct, int limit = 20)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return Results.Ok(await conn.QueryAsync<UploadStatus>(new CommandDefinition(SelectUploads, new { limit = Math.Clamp(limit, 1, 200) }, cancellationToken: ct)));
    }

    private static async Task<IResult> Progress(long id, NpgsqlDataSource db, ModelEta model, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<UploadRow>(new CommandDefinition(SelectUpload, new { id }, cancellationToken: ct));
        if (row is null)
        {
            return Results.NotFound();
        }

        var counts = (await conn.QueryAsync<LeadStateCount>(new CommandDefinition(SelectCounts, new { id }, cancellationToken: ct))).ToList();
        var recent = await conn.QuerySingleAsync<StageRecent>(new CommandDefinition(SelectRecent, new { id }, cancellationToken: ct));
        var upload = new UploadStatus(row.Id, row.FileName, row.SizeBytes, row.Format, row.State, row.RowsAccepted, row.RowsRejected,
            row.Error, row.CreatedAt, row.StartedAt, row.FinishedAt);
        var progress = UploadProgress.From(upload, counts, recent, Math.Min(60, row.Age));
        if (!progress.Complete && progress.State == "ingested") // priced once the upload's size is known
        {
            progress = progress with
            {
                ModelEta = await model.ForAsync(row.RowsAccepted, progress.Scrape.Pending + progress.Scrape.Fetching,
                    progress.Generate.Pending + progress.Generate.Generating, ct),
            };
        }

        return Results.Ok(progress);
    }

    private static async Task<IResult> Leads(long id, NpgsqlDataSource db, CancellationToken ct, int after = 0, int limit = 100)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return Results.Ok(await conn.QueryAsync<LeadRow>(new CommandDefinition(SelectLeads,
            new { id, after, limit = Math.Clamp(limit, 1, 1000) }, cancellationToken: ct)));
    }

    private static async Task<IResult> Lead(long id, NpgsqlDataSource db, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var lead = await conn.QuerySingleOrDefaultAsync<LeadDetail>(new CommandDefinition(SelectLead, new { id }, cancellationToken: ct));
        return lead is null ? Results.NotFound() : Results.Ok(lead);
    }

    /// <summary>An upload row with its age: seconds since ingest finished (or started, or was queued).</summary>
    private sealed record UploadRow(long Id, string FileName, long SizeBytes, string? Format, string State, int RowsAccepted, int RowsRejected,
        string? Error, DateTime CreatedAt, DateTime? StartedAt, DateTime? FinishedAt, double Age);
}
