using Dapper;
using Npgsql;

namespace Appliance.Storage;

/// <summary>What a purge removed.</summary>
public sealed record PurgeResult(long UploadId, long Leads, long Messages, long Rejects, bool FileDeleted);

/// <summary>
/// Deletes an upload and everything it brought in: its stored file, its lead rows, their messages, its rejected rows
/// and its progress counts (a run that measured it keeps its figures, with no upload). An upload still being ingested
/// is left alone. The stored file is deleted only inside the uploads folder, whatever the row says.
/// </summary>
public sealed class UploadPurger(NpgsqlDataSource db, string uploadsFolder)
{
    // Children first, in one transaction: websites' statement trigger keeps upload_progress right while its parent row
    // still exists, then file_uploads' own delete cascades to the progress tables.
    private const string Purge = """
        WITH m AS (DELETE FROM messages WHERE file_upload_id = @id RETURNING 1)
        SELECT count(*) FROM m;
        WITH w AS (DELETE FROM websites WHERE file_upload_id = @id RETURNING 1)
        SELECT count(*) FROM w;
        WITH r AS (DELETE FROM upload_rejects WHERE file_upload_id = @id RETURNING 1)
        SELECT count(*) FROM r;
        DELETE FROM file_uploads WHERE id = @id RETURNING stored_path;
        """;

    private const string SelectState = "SELECT state FROM file_uploads WHERE id = @id FOR UPDATE";

    private const string SelectOlder = """
        SELECT id FROM file_uploads WHERE created_at < @before AND state NOT IN ('queued', 'ingesting') ORDER BY id
        """;

    /// <summary>Null when there is no such upload.</summary>
    /// <exception cref="UploadBusyException">The upload is still being ingested.</exception>
    public async Task<PurgeResult?> PurgeAsync(long uploadId, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var state = await conn.QuerySingleOrDefaultAsync<string>(new CommandDefinition(SelectState, new { id = uploadId }, tx, cancellationToken: ct));
        if (state is null)
        {
            return null;
        }

        if (state is "queued" or "ingesting")
        {
            throw new UploadBusyException($"upload {uploadId} is being ingested; purge it once it is ingested or failed");
        }

        using var grid = await conn.QueryMultipleAsync(new CommandDefinition(Purge, new { id = uploadId }, tx, cancellationToken: ct));
        var messages = await grid.ReadSingleAsync<long>();
        var leads = await grid.ReadSingleAsync<long>();
        var rejects = await grid.ReadSingleAsync<long>();
        var path = await grid.ReadSingleOrDefaultAsync<string?>();
        await tx.CommitAsync(ct);
        return new PurgeResult(uploadId, leads, messages, rejects, DeleteStoredFile(path));
    }

    /// <summary>Purges every upload created before <paramref name="before"/> that is not being ingested.</summary>
    public async Task<IReadOnlyList<PurgeResult>> PurgeOlderThanAsync(DateTimeOffset before, CancellationToken ct)
    {
        IReadOnlyList<long> ids;
        await using (var conn = await db.OpenConnectionAsync(ct))
        {
            ids = (await conn.QueryAsync<long>(new CommandDefinition(SelectOlder, new { before = before.UtcDateTime }, cancellationToken: ct))).ToList();
        }

        var results = new List<PurgeResult>();
        foreach (var id in ids)
        {
            try
            {
                if (await PurgeAsync(id, ct) is { } r)
                {
                    results.Add(r);
                }
            }
            catch (UploadBusyException)
            {
                // Re-queued for ingest since it was listed: the next pass takes it.
            }
        }

        return results;
    }

    private bool DeleteStoredFile(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return false;
        }

        var full = Path.GetFullPath(path);
        var folder = Path.GetFullPath(uploadsFolder) + Path.DirectorySeparatorChar;
        if (!full.StartsWith(folder, StringComparison.Ordinal) || !File.Exists(full))
        {
            return false;
        }

        File.Delete(full);
        return true;
    }
}

/// <summary>The upload cannot be purged now: it is being ingested.</summary>
public sealed class UploadBusyException(string message) : Exception(message);
