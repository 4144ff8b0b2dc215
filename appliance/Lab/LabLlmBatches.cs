using System.Globalization;
using System.Text.Json;

namespace Appliance.Lab;

/// <summary>
/// OpenAI's <c>/v1/batches</c> on the lab's clock: create (validating the input file's JSONL lines, the per-batch
/// request and byte limits and the enqueued-token limit), retrieve, list (newest first, <c>after</c>/<c>limit</c>)
/// and cancel. Each batch's fate — turnaround, whole-batch failure, expiry, failing requests — is drawn when it is
/// created from a generator keyed by its ordinal, so a rerun of the same submissions meets the same fates.
/// </summary>
internal sealed class LabLlmBatches(LabLlmOptions options, LabLlmFiles files, LabLlmStats stats, TimeProvider time)
{
    private readonly Lock gate = new();
    private readonly List<LabLlmBatch> batches = [];

    // Provider ids are unique for ever; a lab restarted against the same database must not reuse one.
    private readonly string instance = Guid.NewGuid().ToString("N")[..8];

    private LabLlmBatchOptions Batch => options.Batch;

    public Task HandleAsync(HttpContext context, string path) => (context.Request.Method, path.Split('/')) switch
    {
        ("POST", ["", "v1", "batches"]) => CreateAsync(context),
        ("GET", ["", "v1", "batches"]) => ListAsync(context),
        ("GET", ["", "v1", "batches", var id]) => WithBatch(context, id, b => LabLlmEndpoint.WriteAsync(context, 200, LabLlmBatchJson.Batch(b))),
        ("POST", ["", "v1", "batches", var id, "cancel"]) => WithBatch(context, id, b =>
        {
            lock (gate)
            {
                b.Cancel(time.GetUtcNow());
            }

            return LabLlmEndpoint.WriteAsync(context, 200, LabLlmBatchJson.Batch(b));
        }),
        _ => LabLlmEndpoint.Error(context, 404, $"Unknown endpoint {context.Request.Method} {path}.", "invalid_request_error"),
    };

    private Task WithBatch(HttpContext context, string id, Func<LabLlmBatch, Task> answer)
    {
        LabLlmBatch? batch;
        lock (gate)
        {
            AdvanceAll();
            batch = batches.Find(b => b.Id == id);
        }

        return batch is null ? LabLlmEndpoint.Error(context, 404, $"No batch found with id '{id}'.", "invalid_request_error") : answer(batch);
    }

    private Task ListAsync(HttpContext context)
    {
        var limit = int.TryParse(context.Request.Query["limit"], CultureInfo.InvariantCulture, out var l) ? Math.Clamp(l, 1, 100) : 20;
        var after = context.Request.Query["after"].ToString();
        List<LabLlmBatch> page;
        bool more;
        lock (gate)
        {
            AdvanceAll();
            var newestFirst = Enumerable.Reverse(batches).ToList();
            var start = after.Length == 0 ? 0 : newestFirst.FindIndex(b => b.Id == after) + 1;
            page = newestFirst.Skip(start).Take(limit).ToList();
            more = start + page.Count < newestFirst.Count;
        }

        return LabLlmEndpoint.WriteAsync(context, 200, LabLlmBatchJson.List(page, more));
    }

    private async Task CreateAsync(HttpContext context)
    {
        using var body = await JsonDocument.ParseAsync(context.Request.Body, default, context.RequestAborted);
        var root = body.RootElement;
        var fileId = Text(root, "input_file_id");
        var endpoint = Text(root, "endpoint");
        if (fileId is null || files.Find(fileId) is not { Purpose: "batch" } input)
        {
            await LabLlmEndpoint.Error(context, 400, $"Invalid 'input_file_id': '{fileId}'. No batch file with that id.", "invalid_request_error");
            return;
        }

        if (endpoint != "/v1/chat/completions" || Text(root, "completion_window") != "24h")
        {
            await LabLlmEndpoint.Error(context, 400, "The lab batches '/v1/chat/completions' with completion_window '24h' only.", "invalid_request_error");
            return;
        }

        var metadata = root.TryGetProperty("metadata", out var m) && m.ValueKind == JsonValueKind.Object
            ? m.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ToString(), StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);
        LabLlmBatch batch;
        lock (gate)
        {
            AdvanceAll();
            var ordinal = batches.Count + 1;
            var random = new LabRandom(42, ordinal, LabRandom.Stream.Batch);
            var (items, refusal) = Validate(input.Content, endpoint, random);
            var queued = batches.Where(b => b.Unfinished && b.Refusal is null).Sum(b => b.PromptTokens) + items.Sum(i => (long)i.PromptTokens);
            if (refusal is null && Batch.EnqueuedTokenLimit > 0 && queued > Batch.EnqueuedTokenLimit)
            {
                refusal = ("token_limit_exceeded", string.Create(CultureInfo.InvariantCulture,
                    $"Enqueued token limit reached for {Model(input.Content)} in organization org-lab. Limit: {Batch.EnqueuedTokenLimit:N0} enqueued tokens. Please try submitting your batch again once your enqueued token count decreases."), null);
            }

            if (refusal is null && random.Chance(Batch.FailedBatchRate))
            {
                refusal = ("server_error", "The batch failed during validation.", null);
            }

            var window = TimeSpan.FromSeconds(Batch.CompletionWindowSeconds);
            var validating = TimeSpan.FromSeconds(Batch.ValidatingSeconds);
            var turnaround = random.Chance(Batch.ExpiredBatchRate)
                ? (window - validating) / (0.3 + (0.4 * random.NextDouble())) // 30-70% of it done when the window ends
                : TimeSpan.FromSeconds(Batch.TurnaroundMedianSeconds * Math.Exp(Batch.TurnaroundSigma * random.NextGaussian()));
            batch = new LabLlmBatch
            {
                Id = string.Create(CultureInfo.InvariantCulture, $"batch_{instance}{ordinal:x8}"),
                InputFileId = input.Id,
                Endpoint = endpoint,
                CompletionWindow = "24h",
                Metadata = metadata,
                CreatedAt = time.GetUtcNow(),
                Items = items,
                Refusal = refusal,
                Validating = validating,
                Turnaround = turnaround,
                Finalizing = TimeSpan.FromSeconds(Batch.FinalizingSeconds),
                Window = window,
            };
            batches.Add(batch);
            stats.BatchCreated();
        }

        await LabLlmEndpoint.WriteAsync(context, 200, LabLlmBatchJson.Batch(batch));
    }

    /// <summary>The file's requests, or the first reason to refuse the batch (OpenAI fails such a batch after validating).</summary>
    private (List<LabLlmBatchItem>, (string, string, int?)?) Validate(byte[] content, string endpoint, LabRandom random)
    {
        var items = new List<LabLlmBatchItem>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        if (content.Length > Batch.MaxFileBytes)
        {
            return (items, ("file_too_large", $"The input file is larger than the {Batch.MaxFileBytes} byte limit.", null));
        }

        var offset = 0;
        for (var line = 1; offset < content.Length; line++)
        {
            var end = Array.IndexOf(content, (byte)'\n', offset);
            end = end < 0 ? content.Length : end;
            var length = end - offset;
            if (length > 0)
            {
                if (!TryRequest(content.AsMemory(offset, length), endpoint, out var customId, out var request, out var problem))
                {
                    return (items, ("invalid_request", problem, line));
                }

                if (!seen.Add(customId))
                {
                    return (items, ("duplicate_custom_id", $"The custom_id '{customId}' appears more than once.", line));
                }

                items.Add(new LabLlmBatchItem(customId, offset, length, request.PromptTokens, random.Chance(Batch.RequestErrorRate)));
                if (items.Count > Batch.MaxRequestsPerBatch)
                {
                    return (items, ("too_many_requests", $"A batch holds at most {Batch.MaxRequestsPerBatch:N0} requests.", line));
                }
            }

            offset = end + 1;
        }

        return items.Count == 0 ? (items, ("empty_file", "The input file has no requests.", null)) : (items, null);
    }

    internal static bool TryRequest(ReadOnlyMemory<byte> json, string endpoint, out string customId, out LabLlmRequest request, out string problem)
    {
        customId = "";
        request = null!;
        try
        {
            using var line = JsonDocument.Parse(json);
            var root = line.RootElement;
            if (Text(root, "custom_id") is not { Length: > 0 } id || Text(root, "url") != endpoint || Text(root, "method") != "POST"
                || !root.TryGetProperty("body", out var body))
            {
                problem = $"Each line needs a custom_id, method 'POST', url '{endpoint}' and a body.";
                return false;
            }

            customId = id;
            return LabLlmRequest.TryParse(body, out request, out problem);
        }
        catch (JsonException e)
        {
            problem = "A line is not valid JSON: " + e.Message;
            return false;
        }
    }

    private void AdvanceAll()
    {
        var now = time.GetUtcNow();
        foreach (var batch in batches)
        {
            batch.Advance(now, Finish);
        }
    }

    /// <summary>Runs the first <paramref name="finished"/> requests and writes the output and error files.</summary>
    private void Finish(LabLlmBatch batch, int finished, string unfinishedCode)
    {
        var input = files.Find(batch.InputFileId)!.Content;
        var output = new LabLlmBatchJson.Lines();
        var errors = new LabLlmBatchJson.Lines();
        var created = time.GetUtcNow().ToUnixTimeSeconds();
        for (var i = 0; i < batch.Items.Count; i++)
        {
            var item = batch.Items[i];
            var requestId = string.Create(CultureInfo.InvariantCulture, $"{batch.Id}_{i:x6}");
            if (i >= finished)
            {
                errors.Expired(requestId, item.CustomId, unfinishedCode);
            }
            else if (item.Fails)
            {
                errors.ServerError(requestId, item.CustomId);
            }
            else
            {
                TryRequest(input.AsMemory(item.Offset, item.Length), batch.Endpoint, out _, out var request, out _);
                var (tokens, truncated) = LabLlmText.Generate(request.Prompt, options.OutputTokens, request.MaxTokens);
                var reply = new LabLlmReply("chatcmpl-" + requestId, created, request.Model, tokens, truncated ? "length" : "stop", request.PromptTokens);
                output.Completion(requestId, item.CustomId, reply);
                stats.BatchRequestBilled(reply.PromptTokens, reply.CompletionTokens);
            }
        }

        var outputFile = output.Count == 0 ? null : files.Add(batch.Id + "_output.jsonl", "batch_output", output.ToArray());
        var errorFile = errors.Count == 0 ? null : files.Add(batch.Id + "_error.jsonl", "batch_output", errors.ToArray());
        batch.Finished(outputFile?.Id, errorFile?.Id, output.Count, errors.Count);
    }

    private static string Model(byte[] content)
    {
        var end = Array.IndexOf(content, (byte)'\n');
        TryRequest(content.AsMemory(0, end < 0 ? content.Length : end), "/v1/chat/completions", out _, out var request, out _);
        return request?.Model ?? LabLlmOptions.Model;
    }

    private static string? Text(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
