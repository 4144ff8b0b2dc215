using Appliance.Export;
using Appliance.Ingest;
using Appliance.Pipeline;
using Appliance.Storage;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Appliance.Api;

/// <summary>
/// <c>/api/uploads</c>: upload a lead file; list recent uploads; one upload's state, its live progress (what the web page
/// polls), its leads by row number, its rejected rows, and the export of its results.
/// </summary>
public static class UploadEndpoints
{
    private const string Columns = """
        id, file_name AS FileName, size_bytes AS SizeBytes, format, state, rows_accepted AS RowsAccepted,
        rows_rejected AS RowsRejected, error, created_at AS CreatedAt, started_at AS StartedAt, finished_at AS FinishedAt
        """;

    private const string SelectUpload = $"SELECT {Columns} FROM file_uploads WHERE id = @id";

    private const string SelectUploads = $"SELECT {Columns} FROM file_uploads ORDER BY id DESC LIMIT @limit";

    // With its age: seconds since ingest finished (or started, or was queued), the window of the rate-based ETA.
    private const string SelectUploadAge = $"""
        SELECT {Columns}, extract(epoch FROM now() - coalesce(finished_at, started_at, created_at))::float8 AS Age
        FROM file_uploads WHERE id = @id
        """;

    // Counts kept per upload by triggers on websites (migration 0009), not a scan of its rows.
    private const string SelectScrapeCounts = """
        SELECT scraping_status AS Status, nullif(failure_reason, '') AS Reason, sum(row_count)::bigint AS Count
        FROM upload_progress WHERE file_upload_id = @id GROUP BY 1, 2 HAVING sum(row_count) <> 0
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

    private const string SelectRejects = """
        SELECT row_number AS RowNumber, reason, detail, excerpt FROM upload_rejects
        WHERE file_upload_id = @id AND row_number > @after ORDER BY row_number LIMIT @limit
        """;

    public static IEndpointRouteBuilder MapUploads(this IEndpointRouteBuilder app)
    {
        var uploads = app.MapGroup("/api/uploads");
        uploads.MapPost("/", Upload).DisableAntiforgery().RequireRateLimiting(Security.SecuritySetup.UploadPolicy);
        uploads.MapGet("/", List);
        uploads.MapGet("/{id:long}", Get);
        uploads.MapGet("/{id:long}/progress", Progress);
        uploads.MapGet("/{id:long}/leads", Leads);
        uploads.MapGet("/{id:long}/rejects", Rejects);
        uploads.MapGet("/{id:long}/export.csv", Export);
        uploads.MapGet("/{id:long}/messages.csv", Export);
        return app;
    }

    private static async Task<IResult> Upload(HttpContext http, UploadIngestor ingestor, HandOff handOff,
        StatePaths paths, IOptions<IngestOptions> options, CancellationToken ct)
    {
        var (file, error) = await UploadReceiver.ReceiveAsync(http, paths, options.Value.MaxUploadBytes, ct);
        if (file is null)
        {
            return error!;
        }

        var id = await ingestor.RegisterAsync(file.FileName, file.SizeBytes, file.StoredPath, ct);
        handOff.Ingest(id, file.StoredPath);
        return Results.Accepted($"/api/uploads/{id}", new { upload_id = id, status_url = $"/api/uploads/{id}" });
    }

    private static async Task<IResult> Get(long id, NpgsqlDataSource db, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<UploadStatus>(new CommandDefinition(SelectUpload, new { id }, cancellationToken: ct));
        if (row is null)
        {
            return Results.NotFound();
        }

        var counts = await conn.QueryAsync<(string Status, string? Reason, long Count)>(new CommandDefinition(SelectScrapeCounts, new { id }, cancellationToken: ct));
        return Results.Json(row with { Scrape = ScrapeProgress.From(counts) }, ApiSetup.Json);
    }

    private static async Task<IResult> List(NpgsqlDataSource db, CancellationToken ct, int limit = 20)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return Results.Json(await conn.QueryAsync<UploadStatus>(new CommandDefinition(SelectUploads, new { limit = Math.Clamp(limit, 1, 200) }, cancellationToken: ct)), ApiSetup.Json);
    }

    private static async Task<IResult> Progress(long id, NpgsqlDataSource db, ModelEta model, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<UploadRow>(new CommandDefinition(SelectUploadAge, new { id }, cancellationToken: ct));
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

        return Results.Json(progress, ApiSetup.Json);
    }

    private static async Task<IResult> Leads(long id, NpgsqlDataSource db, CancellationToken ct, int after = 0, int limit = 100)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return Results.Json(await conn.QueryAsync<LeadRow>(new CommandDefinition(SelectLeads,
            new { id, after, limit = Math.Clamp(limit, 1, 1000) }, cancellationToken: ct)), ApiSetup.Json);
    }

    private static async Task Export(long id, HttpContext http, ExportWriter export, CancellationToken ct)
    {
        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"upload-{id}.csv\"";
        await using var writer = new StreamWriter(http.Response.Body, new System.Text.UTF8Encoding(false), 1 << 16);
        await export.WriteAsync(id, writer, ct);
    }

    private static async Task<IResult> Rejects(long id, NpgsqlDataSource db, CancellationToken ct, int after = 0, int limit = 1000)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<UploadReject>(new CommandDefinition(SelectRejects,
            new { id, after, limit = Math.Clamp(limit, 1, 10_000) }, cancellationToken: ct));
        return Results.Json(rows, ApiSetup.Json);
    }
    /// <summary>An upload row with its age: seconds since ingest finished (or started, or was queued).</summary>
    private sealed record UploadRow(long Id, string FileName, long SizeBytes, string? Format, string State, int RowsAccepted, int RowsRejected,
        string? Error, DateTime CreatedAt, DateTime? StartedAt, DateTime? FinishedAt, double Age);
}
