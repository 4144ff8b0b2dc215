using System.Globalization;
using System.Text.RegularExpressions;

namespace Appliance.Generate;

/// <summary>A lead's result from the batch route: its message, or why it has none.</summary>
public sealed record BatchOutcome(long WebsiteId, GeneratedMessage? Message, string? Failure);

/// <summary>
/// Generates messages through the provider's batch API (<c>Generate:Mode=batch</c>): the leads' prompts go into
/// JSONL files under the per-batch and enqueued-token limits, in waves as earlier batches finish; each batch is
/// uploaded, created and polled; output and error files are read; expired and failed requests are submitted again
/// up to <c>Llm:Batch:MaxResubmissions</c>. Every step is written to <c>llm_batches</c>/<c>llm_batch_items</c> before
/// the provider is called, so a call after a restart with the same leads resumes the batches in flight instead of
/// paying for them twice, and reads finished batches' output files again for messages not yet stored.
/// A plain library: the pipeline calls <see cref="RunAsync"/> and stores the messages (unique per website).
/// </summary>
public sealed partial class BatchGenerationRoute(LlmBatchStore store, LlmBatchApi api, LlmOptions llm, LlmBatchOptions options,
    PromptTemplate prompt, TimeProvider time, ILogger<BatchGenerationRoute> logger)
{
    /// <summary>Share of the enqueued-token limit used: our token count is an estimate (characters ÷ 4), not the provider's tokenizer.</summary>
    public const double TokenMargin = 0.95;

    private long _learnedLimit;

    /// <summary>The enqueued-token limit in force: configured, else learned from a refusal, else 0 (unknown).</summary>
    public long EnqueuedTokenLimit => options.EnqueuedTokenLimit > 0 ? options.EnqueuedTokenLimit : Interlocked.Read(ref _learnedLimit);

    /// <summary>
    /// Runs (or resumes) the batches for <paramref name="leads"/> until each has a message or a final failure.
    /// Cancelling <paramref name="ct"/> stops waiting only: the provider's batches go on, and the next call resumes them.
    /// </summary>
    public async Task<IReadOnlyList<BatchOutcome>> RunAsync(IReadOnlyList<LeadFacts> leads, CancellationToken ct)
    {
        var run = new Run(leads.ToDictionary(l => l.WebsiteId), new Dictionary<long, BatchOutcome>(), new Queue<LlmBatchRequest>(), new HashSet<long>());
        await ResumeAsync(run, ct);
        while (run.Queue.Count > 0 || run.Watching.Count > 0)
        {
            var stuck = !await SubmitAsync(run, ct);
            if (stuck && run.Watching.Count == 0 && await store.EnqueuedTokensAsync(ct) == 0)
            {
                // Nothing is queued anywhere and still the next request does not fit: the limit is below one request.
                while (run.Queue.TryDequeue(out var r))
                {
                    run.Results[r.WebsiteId] = new BatchOutcome(r.WebsiteId, null, $"enqueued_token_limit: one request ({r.PromptTokens} tokens) exceeds the limit of {EnqueuedTokenLimit}");
                }

                break;
            }

            await Task.Delay(TimeSpan.FromSeconds(options.PollSeconds), time, ct);
            foreach (var row in run.Watching.ToList())
            {
                await PollAsync(run, row, ct);
            }
        }

        return leads.Select(l => run.Results.TryGetValue(l.WebsiteId, out var o) ? o : new BatchOutcome(l.WebsiteId, null, "batch_lost: no result")).ToList();
    }

    /// <summary>Asks the provider to cancel the unfinished batches holding these leads; a running <see cref="RunAsync"/> then collects what they finished.</summary>
    public async Task<int> CancelAsync(IReadOnlyCollection<long> websiteIds, CancellationToken ct)
    {
        var rows = (await store.ItemsAsync(websiteIds, ct)).Where(i => i.BatchId is not null).Select(i => i.BatchId!.Value).Distinct().ToList();
        var cancelled = 0;
        foreach (var batch in await store.BatchesAsync(rows, ct))
        {
            if (batch.BatchId is { } id && batch.CollectedAt is null && LlmBatchStatus.Unfinished.Contains(batch.Status))
            {
                await store.CancelRequestedAsync(batch.Id, ct);
                await store.StatusAsync(batch.Id, await api.CancelAsync(id, ct), ct);
                cancelled++;
            }
        }

        return cancelled;
    }

    private sealed record Run(Dictionary<long, LeadFacts> Leads, Dictionary<long, BatchOutcome> Results, Queue<LlmBatchRequest> Queue, HashSet<long> Watching);

    private void Enqueue(Run run, long websiteId) => run.Queue.Enqueue(new LlmBatchRequest(websiteId, prompt.Render(run.Leads[websiteId])));

    /// <summary>What the tables say about these leads: finished ones get their result, batches in flight are watched, the rest are queued.</summary>
    private async Task ResumeAsync(Run run, CancellationToken ct)
    {
        var items = (await store.ItemsAsync(run.Leads.Keys, ct)).ToDictionary(i => i.WebsiteId);
        var batches = (await store.BatchesAsync(items.Values.Where(i => i.BatchId is not null).Select(i => i.BatchId!.Value).Distinct().ToList(), ct)).ToDictionary(b => b.Id);
        var fromOutput = new Dictionary<long, List<long>>();
        foreach (var id in run.Leads.Keys)
        {
            if (!items.TryGetValue(id, out var item))
            {
                Enqueue(run, id);
                continue;
            }

            switch (item.State)
            {
                case "failed" or "cancelled":
                    run.Results[id] = new BatchOutcome(id, null, item.Error ?? item.State);
                    break;
                case "retry" when item.Attempts > options.MaxResubmissions:
                    run.Results[id] = new BatchOutcome(id, null, item.Error ?? "batch_failed");
                    break;
                case "retry":
                    Enqueue(run, id);
                    break;
                case "done" when item.BatchId is { } b && batches[b].CollectedAt is not null:
                    (fromOutput.TryGetValue(b, out var list) ? list : fromOutput[b] = []).Add(id);
                    break;
                default:
                    run.Watching.Add(item.BatchId!.Value);
                    break;
            }
        }

        foreach (var (b, ids) in fromOutput)
        {
            // Collected before the restart but not stored by the pipeline: the output file is still there and already paid for.
            var wanted = ids.ToHashSet();
            foreach (var result in await ReadResultsAsync(batches[b], ct))
            {
                if (wanted.Remove(result.WebsiteId) && result.Message is not null)
                {
                    run.Results[result.WebsiteId] = new BatchOutcome(result.WebsiteId, result.Message, null);
                }
            }

            foreach (var lost in wanted)
            {
                run.Results[lost] = new BatchOutcome(lost, null, "batch_output_missing: the batch's output file no longer holds this lead");
            }
        }

        foreach (var row in run.Watching.ToList())
        {
            var batch = batches[row];
            if (batch.Status == "preparing")
            {
                run.Watching.Remove(row);
                await AbandonAsync(run, row, uncount: false, "restart before upload", ct);
            }
            else if (batch.Status == "uploaded")
            {
                // The create call may have reached the provider before the crash: adopt that batch rather than pay twice.
                run.Watching.Remove(row);
                await AdoptOrAbandonAsync(run, row, batch.InputFileId!, ct);
            }
        }
    }

    private async Task AdoptOrAbandonAsync(Run run, long row, string inputFileId, CancellationToken ct)
    {
        if (await api.FindByInputFileAsync(inputFileId, ct) is { } found)
        {
            logger.LogInformation("Batch row {Row}: adopted provider batch {BatchId} created before a restart", row, found.Id);
            await store.SubmittedAsync(row, found, ct);
            run.Watching.Add(row);
        }
        else
        {
            await AbandonAsync(run, row, uncount: false, "never created", ct);
        }
    }

    private async Task AbandonAsync(Run run, long row, bool uncount, string reason, CancellationToken ct)
    {
        var members = await store.ItemsOfBatchAsync(row, ct);
        await store.AbandonAsync(row, uncount, reason, ct);
        foreach (var item in members.Where(i => run.Leads.ContainsKey(i.WebsiteId)))
        {
            Enqueue(run, item.WebsiteId);
        }
    }

    /// <summary>Submits files while the enqueued-token budget allows; false when requests wait for room.</summary>
    private async Task<bool> SubmitAsync(Run run, CancellationToken ct)
    {
        while (run.Queue.Count > 0)
        {
            var limit = EnqueuedTokenLimit;
            var budget = limit > 0 ? (long)(limit * TokenMargin) - await store.EnqueuedTokensAsync(ct) : long.MaxValue;
            if (LlmBatchRequestFile.Take(run.Queue, llm, options.MaxRequestsPerBatch, options.MaxFileBytes, budget) is not { } file)
            {
                return false;
            }

            var row = await store.PrepareAsync(file, llm.Model, ct);
            try
            {
                var fileId = await api.UploadAsync(file.Content, string.Create(CultureInfo.InvariantCulture, $"appliance-batch-{row}.jsonl"), ct);
                await store.UploadedAsync(row, fileId, ct);
                var created = await CreateAsync(run, row, fileId, ct);
                if (created is null)
                {
                    return false;
                }

                logger.LogInformation("Batch row {Row}: {Requests} requests, ~{Tokens} prompt tokens, provider batch {BatchId}", row, file.WebsiteIds.Count, file.PromptTokens, created.Id);
            }
            catch (Exception e) when (e is HttpRequestException or LlmBatchApiException { Transient: true } or IOException || (e is TaskCanceledException && !ct.IsCancellationRequested))
            {
                logger.LogWarning("Batch row {Row}: upload failed, trying again later: {Error}", row, e.Message);
                await AbandonAsync(run, row, uncount: false, "upload failed: " + e.Message, ct);
                return false;
            }
        }

        return true;
    }

    private async Task<LlmBatchStatus?> CreateAsync(Run run, long row, string fileId, CancellationToken ct)
    {
        try
        {
            var created = await api.CreateAsync(fileId, new Dictionary<string, string> { ["appliance_batch"] = row.ToString(CultureInfo.InvariantCulture) }, ct);
            await store.SubmittedAsync(row, created, ct);
            run.Watching.Add(row);
            return created;
        }
        catch (LlmBatchApiException e) when (!e.Transient)
        {
            // Refused outright (a malformed request): submitting the same lines again cannot help.
            logger.LogWarning("Batch row {Row}: the provider refused the batch: {Error}", row, e.Message);
            var members = await store.ItemsOfBatchAsync(row, ct);
            await store.SettleAsync(row, members.Select(i => (i.WebsiteId, "failed", (string?)("batch_refused: " + e.Message))).ToList(), ct);
            foreach (var i in members.Where(i => run.Leads.ContainsKey(i.WebsiteId)))
            {
                run.Results[i.WebsiteId] = new BatchOutcome(i.WebsiteId, null, "batch_refused: " + e.Message);
            }

            return null;
        }
        catch (Exception e) when (e is HttpRequestException or LlmBatchApiException or IOException || (e is TaskCanceledException && !ct.IsCancellationRequested))
        {
            // The create call may or may not have reached the provider.
            logger.LogWarning("Batch row {Row}: create failed ({Error}); looking for it at the provider", row, e.Message);
            await AdoptOrAbandonAsync(run, row, fileId, ct);
            return null;
        }
    }

    private async Task PollAsync(Run run, long row, CancellationToken ct)
    {
        var batch = (await store.BatchesAsync([row], ct)).Single();
        LlmBatchStatus status;
        try
        {
            status = await api.GetAsync(batch.BatchId!, ct);
        }
        catch (Exception e) when (e is HttpRequestException or LlmBatchApiException { Transient: true } or IOException || (e is TaskCanceledException && !ct.IsCancellationRequested))
        {
            logger.LogWarning("Batch {BatchId}: status unknown for now: {Error}", batch.BatchId, e.Message);
            return;
        }

        await store.StatusAsync(row, status, ct);
        if (!status.IsUnfinished)
        {
            await CollectAsync(run, (await store.BatchesAsync([row], ct)).Single(), status, ct);
            run.Watching.Remove(row);
        }
    }

    /// <summary>A batch reached a final status: every lead in it settles — done, again, failed or cancelled.</summary>
    private async Task CollectAsync(Run run, LlmBatchStore.BatchRow batch, LlmBatchStatus status, CancellationToken ct)
    {
        if (status.Status == "failed" && status.ErrorCode == "token_limit_exceeded")
        {
            if (LimitIn().Match(status.ErrorMessage ?? "") is { Success: true } m
                && long.TryParse(m.Groups[1].Value.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture, out var learned))
            {
                Interlocked.Exchange(ref _learnedLimit, learned);
            }

            logger.LogInformation("Batch {BatchId} refused over the enqueued-token limit ({Limit}); its requests wait for room", status.Id, EnqueuedTokenLimit);
            await AbandonAsync(run, batch.Id, uncount: true, "token_limit_exceeded", ct);
            return;
        }

        var members = await store.ItemsOfBatchAsync(batch.Id, ct);
        var results = status.Status == "failed" ? [] : (await ReadResultsAsync(batch, ct)).GroupBy(r => r.WebsiteId).ToDictionary(g => g.Key, g => g.First());
        var settled = new List<(long, string, string?)>();
        foreach (var item in members)
        {
            var result = results.GetValueOrDefault(item.WebsiteId);
            var (state, error) = result switch
            {
                { Message: not null } => ("done", null),
                _ when status.Status == "cancelled" || result?.ErrorCode == "batch_cancelled" => ("cancelled", "cancelled: the batch was cancelled before this request ran"),
                { Retryable: false } => ("failed", $"{result!.ErrorCode}: {result.Error}"),
                _ => (item.Attempts > options.MaxResubmissions ? "failed" : "retry",
                    result is null ? $"batch_{status.Status}: {status.ErrorCode} {status.ErrorMessage}".TrimEnd() : $"{result.ErrorCode}: {result.Error}"),
            };
            settled.Add((item.WebsiteId, state, error));
            if (!run.Leads.ContainsKey(item.WebsiteId))
            {
                continue;
            }

            if (state == "retry")
            {
                Enqueue(run, item.WebsiteId);
            }
            else
            {
                run.Results[item.WebsiteId] = new BatchOutcome(item.WebsiteId, result?.Message, state == "done" ? null : error);
            }
        }

        await store.SettleAsync(batch.Id, settled, ct);
        logger.LogInformation("Batch {BatchId} {Status}: {Done} done, {Retry} again, {Failed} failed", status.Id, status.Status,
            settled.Count(s => s.Item2 == "done"), settled.Count(s => s.Item2 == "retry"), settled.Count(s => s.Item2 is "failed" or "cancelled"));
    }

    private async Task<IReadOnlyList<LlmBatchResult>> ReadResultsAsync(LlmBatchStore.BatchRow batch, CancellationToken ct)
    {
        var latency = batch is { SubmittedAt: { } s, FinishedAt: { } f } ? (int)Math.Min(int.MaxValue, (f - s).TotalMilliseconds) : 0;
        var results = new List<LlmBatchResult>();
        foreach (var file in new[] { batch.OutputFileId, batch.ErrorFileId })
        {
            if (file is not null)
            {
                results.AddRange(LlmBatchResults.Parse(await api.DownloadAsync(file, ct), batch.Model, latency));
            }
        }

        return results;
    }

    [GeneratedRegex(@"Limit: ([\d,]+) enqueued tokens")]
    private static partial Regex LimitIn();
}
