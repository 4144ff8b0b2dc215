using System.Diagnostics;
using Appliance.Storage;
using Appliance.Telemetry;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Appliance.Ingest;

/// <summary>
/// Loads one lead file into <c>websites</c>: streamed from disk, each row mapped and
/// normalised, accepted rows written by binary COPY and rejected ones into
/// <c>upload_rejects</c>, all in one transaction, so a refused file or a crash leaves nothing half-loaded.
/// </summary>
/// <remarks>
/// Exactly once: the transaction first locks the upload's row (<c>FOR UPDATE</c>) and re-reads its state, so of
/// two ingests of one upload at the same time (a job recovery queued while the original still sat in a persisted
/// queue, two workers), the second waits for the first to commit and then finds it ingested. The unique index on
/// <c>websites (file_upload_id, row_number)</c> (migration 0011) is the net under that: a second load fails whole.
/// </remarks>
public sealed class UploadIngestor(
    NpgsqlDataSource dataSource, IOptions<IngestOptions> options, ILogger<UploadIngestor> logger, PipelineMetrics? metrics = null)
{
    private const string CopyWebsites = """
        COPY websites (file_upload_id, row_number, company, contact, email, job_title, phone, industry, url, normalized_url, host, extra)
        FROM STDIN (FORMAT BINARY)
        """;

    private const string CopyRejects = "COPY upload_rejects (file_upload_id, row_number, reason, detail, excerpt) FROM STDIN (FORMAT BINARY)";

    private const string Register = """
        INSERT INTO file_uploads (file_name, size_bytes, stored_path) VALUES (@fileName, @sizeBytes, @storedPath) RETURNING id
        """;

    // An upload already ingested (a retried job) is not loaded twice. Visible at once, outside the load's transaction.
    private const string MarkStarted = "UPDATE file_uploads SET state = 'ingesting', started_at = now(), error = NULL WHERE id = @id AND state <> 'ingested'";

    // Inside the load's transaction: holds off every other ingest of this upload until commit or rollback.
    private const string LockUpload = "SELECT state FROM file_uploads WHERE id = @id FOR UPDATE";

    private const string SelectIngested = "SELECT format, rows_accepted, rows_rejected FROM file_uploads WHERE id = @id";

    // clock_timestamp(), not now(): inside the load's transaction now() is when the transaction began, so an ingest of
    // 10,000 rows seemed to take milliseconds and the report's ingest rate was absurd.
    private const string MarkIngested = """
        UPDATE file_uploads SET state = 'ingested', format = @format, rows_accepted = @accepted, rows_rejected = @rejected, finished_at = clock_timestamp()
        WHERE id = @id
        """;

    private const string MarkFailed = "UPDATE file_uploads SET state = 'failed', format = @format, error = @error, finished_at = now() WHERE id = @id";

    public async Task<long> RegisterAsync(string fileName, long sizeBytes, string? storedPath, CancellationToken ct = default)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return await conn.ExecuteScalarAsync<long>(new CommandDefinition(Register,
            new { fileName = StoredText.Clean(fileName), sizeBytes, storedPath }, cancellationToken: ct));
    }

    public async Task<IngestResult> IngestAsync(long uploadId, string path, IProgress<double>? progress = null, CancellationToken ct = default)
    {
        var clock = Stopwatch.StartNew();
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        if (await conn.ExecuteAsync(new CommandDefinition(MarkStarted, new { id = uploadId }, cancellationToken: ct)) == 0)
        {
            return await AlreadyIngestedAsync(conn, uploadId, null, ct);
        }

        string? format = null;
        metrics?.InFlight(PipelineMetrics.Ingest, 1);
        try
        {
            using var source = LeadFileOpener.Open(path, options.Value);
            format = source.Format;
            await using var tx = await conn.BeginTransactionAsync(ct);
            var state = await conn.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(LockUpload, new { id = uploadId }, tx, cancellationToken: ct));
            if (state == "ingested")
            {
                // Another ingest of this upload committed while this one waited for the lock.
                return await AlreadyIngestedAsync(conn, uploadId, tx, ct);
            }

            var (accepted, rejects) = Load(conn, uploadId, source, progress, ct);
            WriteRejects(conn, uploadId, rejects.Stored);
            await conn.ExecuteAsync(new CommandDefinition(MarkIngested,
                new { id = uploadId, format, accepted, rejected = rejects.Count }, tx, cancellationToken: ct));
            await tx.CommitAsync(ct);
            progress?.Report(1);

            var seconds = clock.Elapsed.TotalSeconds;
            metrics?.ItemsCompleted(PipelineMetrics.Ingest, "accepted", accepted);
            metrics?.ItemsCompleted(PipelineMetrics.Ingest, "rejected", rejects.Count);
            metrics?.RecordDuration(PipelineMetrics.Ingest, seconds);
            logger.LogInformation("Upload {UploadId} ingested: {Accepted} rows accepted, {Rejected} rejected in {Seconds:0.00} s",
                uploadId, accepted, rejects.Count, seconds);
            return new IngestResult(uploadId, "ingested", format, accepted, rejects.Count, Math.Round(seconds, 3),
                Math.Round(accepted / Math.Max(seconds, 1e-6)), null, rejects.ByReason);
        }
        catch (LeadFileException e)
        {
            logger.LogWarning("Upload {UploadId} refused: {Reason}", uploadId, e.Message);
            await using var failed = await dataSource.OpenConnectionAsync(CancellationToken.None);
            await failed.ExecuteAsync(new CommandDefinition(MarkFailed, new { id = uploadId, format, error = e.Message }));
            return new IngestResult(uploadId, "failed", format, 0, 0, Math.Round(clock.Elapsed.TotalSeconds, 3), 0, e.Message,
                new Dictionary<string, int>());
        }
        finally
        {
            metrics?.InFlight(PipelineMetrics.Ingest, -1);
        }
    }

    private static async Task<IngestResult> AlreadyIngestedAsync(NpgsqlConnection conn, long uploadId, NpgsqlTransaction? tx, CancellationToken ct)
    {
        var (format, accepted, rejected) = await conn.QuerySingleAsync<(string?, int, int)>(new CommandDefinition(SelectIngested, new { id = uploadId }, tx, cancellationToken: ct));
        return new IngestResult(uploadId, "ingested", format, accepted, rejected, 0, 0, null, new Dictionary<string, int>());
    }

    private (int Accepted, RejectLog Rejects) Load(NpgsqlConnection conn, long uploadId, ILeadRecordSource source, IProgress<double>? progress, CancellationToken ct)
    {
        var mapper = new LeadRowMapper(LeadColumns.Map(source.Header, options.Value.Columns), options.Value.MaxFieldLength);
        var rejects = new RejectLog(options.Value.MaxStoredRejects);
        var accepted = 0;
        using var copy = conn.BeginBinaryImport(CopyWebsites);
        while (source.Read())
        {
            if (!mapper.TryMap(source, out var lead, out var problem))
            {
                rejects.Add(source.RowNumber, problem, source.Excerpt());
                continue;
            }

            copy.StartRow();
            copy.Write(uploadId, NpgsqlDbType.Bigint);
            copy.Write(lead.RowNumber, NpgsqlDbType.Integer);
            WriteText(copy, lead.Company);
            WriteText(copy, lead.Contact);
            WriteText(copy, lead.Email);
            WriteText(copy, lead.JobTitle);
            WriteText(copy, lead.Phone);
            WriteText(copy, lead.Industry);
            copy.Write(lead.Url, NpgsqlDbType.Text);
            copy.Write(lead.NormalizedUrl, NpgsqlDbType.Text);
            copy.Write(lead.Host, NpgsqlDbType.Text);
            if (lead.ExtraJson is null)
            {
                copy.WriteNull();
            }
            else
            {
                copy.Write(lead.ExtraJson, NpgsqlDbType.Jsonb);
            }

            if (++accepted % 16_384 == 0)
            {
                ct.ThrowIfCancellationRequested();
                progress?.Report(source.Progress);
            }
        }

        copy.Complete();
        return (accepted, rejects);
    }

    private static void WriteText(NpgsqlBinaryImporter copy, string? value)
    {
        if (value is null)
        {
            copy.WriteNull();
        }
        else
        {
            copy.Write(value, NpgsqlDbType.Text);
        }
    }

    private static void WriteRejects(NpgsqlConnection conn, long uploadId, IReadOnlyList<RejectLog.Entry> stored)
    {
        if (stored.Count == 0)
        {
            return;
        }

        using var copy = conn.BeginBinaryImport(CopyRejects);
        foreach (var r in stored)
        {
            copy.StartRow();
            copy.Write(uploadId, NpgsqlDbType.Bigint);
            copy.Write(r.RowNumber, NpgsqlDbType.Integer);
            copy.Write(r.Problem.Reason, NpgsqlDbType.Text);
            copy.Write(r.Problem.Detail, NpgsqlDbType.Text);
            copy.Write(r.Excerpt, NpgsqlDbType.Text);
        }

        copy.Complete();
    }
}
