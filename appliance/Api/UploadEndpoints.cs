using Appliance.Ingest;
using Appliance.Scrape;
using Appliance.Storage;
using Dapper;
using Hangfire;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Appliance.Api;

/// <summary><c>/api/uploads</c>: upload a lead file, follow its ingest, list its rejected rows.</summary>
public static class UploadEndpoints
{
    private const string SelectUpload = """
        SELECT id, file_name AS FileName, size_bytes AS SizeBytes, format, state, rows_accepted AS RowsAccepted,
               rows_rejected AS RowsRejected, error, created_at AS CreatedAt, started_at AS StartedAt, finished_at AS FinishedAt
        FROM file_uploads WHERE id = @id
        """;

    // Counts kept per upload by triggers on websites (migration 0009), not a scan of its rows.
    private const string SelectScrapeCounts = """
        SELECT scraping_status AS Status, nullif(failure_reason, '') AS Reason, sum(row_count)::bigint AS Count
        FROM upload_progress WHERE file_upload_id = @id GROUP BY 1, 2 HAVING sum(row_count) <> 0
        """;

    private const string SelectRejects = """
        SELECT row_number AS RowNumber, reason, detail, excerpt FROM upload_rejects
        WHERE file_upload_id = @id AND row_number > @after ORDER BY row_number LIMIT @limit
        """;

    public static IEndpointRouteBuilder MapUploads(this IEndpointRouteBuilder app)
    {
        var uploads = app.MapGroup("/api/uploads");
        uploads.MapPost("/", Upload).DisableAntiforgery().RequireRateLimiting(Security.SecuritySetup.UploadPolicy);
        uploads.MapGet("/{id:long}", Get);
        uploads.MapGet("/{id:long}/rejects", Rejects);
        uploads.MapGet("/{id:long}/export.csv", Export);
        uploads.MapGet("/{id:long}/messages.csv", Export);
        return app;
    }

    private static async Task<IResult> Upload(HttpContext http, UploadIngestor ingestor, IBackgroundJobClient jobs,
        StatePaths paths, IOptions<IngestOptions> options, Jobs.NodeIdentity node, CancellationToken ct)
    {
        var (file, error) = await UploadReceiver.ReceiveAsync(http, paths, options.Value.MaxUploadBytes, ct);
        if (file is null)
        {
            return error!;
        }

        var id = await ingestor.RegisterAsync(file.FileName, file.SizeBytes, file.StoredPath, ct);
        var queue = node.IngestQueue;
        jobs.Enqueue<IngestJob>(j => j.RunAsync(queue, id, file.StoredPath, CancellationToken.None));
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
        return Results.Ok(row with { Scrape = ScrapeProgress.From(counts) });
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
        return Results.Ok(rows);
    }

}
