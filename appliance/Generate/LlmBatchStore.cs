using Dapper;
using Npgsql;

namespace Appliance.Generate;

/// <summary>
/// The batch route's SQL over <c>llm_batches</c> and <c>llm_batch_items</c> (migration 0015). A lead's item row
/// says which batch holds its request and whether it is <c>submitted</c>, <c>done</c> (its message is in that
/// batch's output), waiting to be submitted again (<c>retry</c>), <c>failed</c> or <c>cancelled</c>. Rows are written
/// before each call to the provider, so a crash at any point leaves a state the route can resume from.
/// </summary>
public sealed class LlmBatchStore(NpgsqlDataSource db)
{
    /// <summary>Statuses in which a batch holds enqueued tokens at the provider (or may: <c>uploaded</c>).</summary>
    public static readonly string[] Holding = ["uploaded", "validating", "in_progress", "finalizing", "cancelling"];

    /// <summary>A row of <c>llm_batches</c>, in <see cref="BatchColumns"/>' order (Dapper matches the constructor).</summary>
    public sealed record BatchRow(long Id, string Status, string? InputFileId, string? BatchId, string? OutputFileId, string? ErrorFileId, string Model,
        int Requests, long PromptTokens, bool CancelRequested, DateTime? SubmittedAt, DateTime? FinishedAt, DateTime? CollectedAt);

    public sealed record Item(long WebsiteId, long? BatchId, string State, int Attempts, string? Error);

    private const string BatchColumns = """
        id, status, input_file_id AS InputFileId, batch_id AS BatchId, output_file_id AS OutputFileId, error_file_id AS ErrorFileId, model,
        requests, prompt_tokens AS PromptTokens, cancel_requested AS CancelRequested, submitted_at AS SubmittedAt, finished_at AS FinishedAt,
        collected_at AS CollectedAt
        """;

    public async Task<IReadOnlyList<Item>> ItemsAsync(IReadOnlyCollection<long> websiteIds, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<Item>(new CommandDefinition(
            "SELECT website_id AS WebsiteId, batch_id AS BatchId, state, attempts, error FROM llm_batch_items WHERE website_id = ANY(@ids)",
            new { ids = websiteIds.ToArray() }, cancellationToken: ct))).ToList();
    }

    /// <summary>Every lead in one batch, whichever call submitted it.</summary>
    public async Task<IReadOnlyList<Item>> ItemsOfBatchAsync(long id, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<Item>(new CommandDefinition(
            "SELECT website_id AS WebsiteId, batch_id AS BatchId, state, attempts, error FROM llm_batch_items WHERE batch_id = @id",
            new { id }, cancellationToken: ct))).ToList();
    }

    public async Task<IReadOnlyList<BatchRow>> BatchesAsync(IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<BatchRow>(new CommandDefinition($"SELECT {BatchColumns} FROM llm_batches WHERE id = ANY(@ids) ORDER BY id",
            new { ids = ids.ToArray() }, cancellationToken: ct))).ToList();
    }

    /// <summary>Prompt tokens held by unfinished batches, this appliance's whole account (all nodes, all uploads).</summary>
    public async Task<long> EnqueuedTokensAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT coalesce(sum(prompt_tokens), 0) FROM llm_batches WHERE status = ANY(@holding)", new { holding = Holding }, cancellationToken: ct));
    }

    /// <summary>A new batch row (<c>preparing</c>) and its leads' items (<c>submitted</c> to it), in one transaction.</summary>
    public async Task<long> PrepareAsync(LlmBatchRequestFile file, string model, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var id = await conn.ExecuteScalarAsync<long>(new CommandDefinition(
            "INSERT INTO llm_batches (status, model, requests, prompt_tokens) VALUES ('preparing', @model, @requests, @tokens) RETURNING id",
            new { model, requests = file.WebsiteIds.Count, tokens = file.PromptTokens }, tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition("""
            INSERT INTO llm_batch_items (website_id, batch_id, state) SELECT unnest(@ids), @id, 'submitted'
            ON CONFLICT (website_id) DO UPDATE SET batch_id = excluded.batch_id, state = 'submitted', error = NULL, updated_at = now()
            """, new { ids = file.WebsiteIds.ToArray(), id }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return id;
    }

    public Task UploadedAsync(long id, string inputFileId, CancellationToken ct) =>
        ExecuteAsync("UPDATE llm_batches SET status = 'uploaded', input_file_id = @inputFileId WHERE id = @id", new { id, inputFileId }, ct);

    /// <summary>The provider accepted the batch: its id is kept, and each of its leads has used one more attempt.</summary>
    public async Task SubmittedAsync(long id, LlmBatchStatus batch, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(
            "UPDATE llm_batches SET batch_id = @batchId, status = @status, submitted_at = now() WHERE id = @id",
            new { id, batchId = batch.Id, status = batch.Status }, tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition(
            "UPDATE llm_batch_items SET attempts = attempts + 1, updated_at = now() WHERE batch_id = @id", new { id }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }

    public Task StatusAsync(long id, LlmBatchStatus batch, CancellationToken ct) => ExecuteAsync("""
        UPDATE llm_batches SET status = @status, output_file_id = @output, error_file_id = @errors, error = coalesce(@error, error),
            finished_at = CASE WHEN @finished THEN coalesce(finished_at, now()) ELSE finished_at END
        WHERE id = @id
        """, new { id, status = batch.Status, output = batch.OutputFileId, errors = batch.ErrorFileId,
            error = batch.ErrorCode is null ? null : $"{batch.ErrorCode}: {batch.ErrorMessage}", finished = !batch.IsUnfinished }, ct);

    public Task CancelRequestedAsync(long id, CancellationToken ct) =>
        ExecuteAsync("UPDATE llm_batches SET cancel_requested = true WHERE id = @id", new { id }, ct);

    /// <summary>
    /// The batch never ran (nothing sent, or the provider refused it): its row goes, and its leads wait to be
    /// submitted again with their attempts as they were before it (<paramref name="uncount"/>: it had counted one).
    /// </summary>
    public async Task AbandonAsync(long id, bool uncount, string? reason, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition("""
            UPDATE llm_batch_items SET state = 'retry', batch_id = NULL, error = @reason,
                attempts = CASE WHEN @uncount THEN greatest(attempts - 1, 0) ELSE attempts END, updated_at = now()
            WHERE batch_id = @id
            """, new { id, uncount, reason }, tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition(
            "UPDATE llm_batches SET status = CASE WHEN batch_id IS NULL THEN 'abandoned' ELSE status END, collected_at = now(), error = coalesce(@reason, error) WHERE id = @id",
            new { id, reason }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }

    /// <summary>A finished batch's files were read: each lead's item settles, and the batch is marked collected.</summary>
    public async Task SettleAsync(long id, IReadOnlyCollection<(long WebsiteId, string State, string? Error)> items, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition("""
            UPDATE llm_batch_items i SET state = u.state, error = u.error, batch_id = CASE WHEN u.state = 'retry' THEN NULL ELSE i.batch_id END, updated_at = now()
            FROM unnest(@ids, @states, @errors) AS u(id, state, error)
            WHERE i.website_id = u.id AND i.batch_id = @batch
            """, new { batch = id, ids = items.Select(i => i.WebsiteId).ToArray(), states = items.Select(i => i.State).ToArray(), errors = items.Select(i => i.Error).ToArray() },
            tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition("UPDATE llm_batches SET collected_at = coalesce(collected_at, now()) WHERE id = @id", new { id }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }

    /// <summary>Seconds from submission to the provider's final status, of batches that completed or expired: the measured turnaround.</summary>
    public async Task<IReadOnlyList<(double Seconds, int Requests)>> TurnaroundsAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<(double, int)>(new CommandDefinition("""
            SELECT extract(epoch FROM finished_at - submitted_at)::float8, requests FROM llm_batches
            WHERE status IN ('completed', 'expired') AND submitted_at IS NOT NULL AND finished_at IS NOT NULL ORDER BY id
            """, cancellationToken: ct))).ToList();
    }

    private async Task ExecuteAsync(string sql, object args, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(sql, args, cancellationToken: ct));
    }
}
