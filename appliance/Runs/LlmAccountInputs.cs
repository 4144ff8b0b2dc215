using Appliance.Generate;
using Appliance.Reports.Capacity;
using Dapper;
using Npgsql;

namespace Appliance.Runs;

/// <summary>
/// The LLM account plan's inputs for a stored run: tokens and latency per message from its <c>messages</c> rows, the
/// account's limits (configured, else what the run's pacer learned from the headers, else none), measured batch
/// turnarounds from <c>llm_batches</c> (else the configured assumption, said so), and the configured prices.
/// </summary>
public sealed class LlmAccountInputs(NpgsqlDataSource db, LlmOptions llm, LlmBatchOptions batch)
{
    /// <summary>Fewer measured batches than this and the configured turnaround is used.</summary>
    public const int MinimumMeasuredBatches = 3;

    private const string PerMessage = """
        SELECT count(*) AS Messages,
               coalesce(percentile_cont(0.5) WITHIN GROUP (ORDER BY prompt_tokens), 0) AS PromptP50,
               coalesce(percentile_cont(0.95) WITHIN GROUP (ORDER BY prompt_tokens), 0) AS PromptP95,
               coalesce(avg(prompt_tokens), 0)::float8 AS PromptMean,
               coalesce(percentile_cont(0.5) WITHIN GROUP (ORDER BY completion_tokens), 0) AS CompletionP50,
               coalesce(percentile_cont(0.95) WITHIN GROUP (ORDER BY completion_tokens), 0) AS CompletionP95,
               coalesce(avg(completion_tokens), 0)::float8 AS CompletionMean,
               coalesce(percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_ms) FILTER (WHERE generator = 'llm'), 0) / 1000.0 AS LatencyP50Seconds,
               coalesce(percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_ms) FILTER (WHERE generator = 'llm'), 0) / 1000.0 AS LatencyP95Seconds,
               coalesce(avg(latency_ms) FILTER (WHERE generator = 'llm'), 0)::float8 / 1000.0 AS LatencyMeanSeconds
        FROM messages WHERE file_upload_id = @upload AND generator IN ('llm', 'llm-batch')
        """;

    /// <summary>The plan for <paramref name="messages"/> messages from a stored run, or null with the reason when it wrote none through an LLM.</summary>
    public Task<(LlmAccountPlan? Plan, string? Reason)> PlanAsync(CapacityModelInputs inputs, long messages, int? whatIfRpm, int? whatIfTpm, CancellationToken ct) =>
        inputs.Run.FileUploadId is { } upload
            ? PlanAsync(inputs.Run.Id, upload, inputs.Run.Configuration, inputs.Summary.Resources.GenerateConcurrency, messages, whatIfRpm, whatIfTpm, ct)
            : Task.FromResult<(LlmAccountPlan?, string?)>((null, $"run {inputs.Run.Id} has no upload"));

    public async Task<(LlmAccountPlan? Plan, string? Reason)> PlanAsync(long runId, long upload, RunSettings configuration, int concurrency,
        long messages, int? whatIfRpm, int? whatIfTpm, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var stats = await conn.QuerySingleAsync<LlmMessageStats>(new CommandDefinition(PerMessage, new { upload }, cancellationToken: ct));
        if (stats.Messages == 0)
        {
            return (null, $"run {runId} wrote no message through an LLM (Generate:Generator=template): tokens per message unknown");
        }

        var turnarounds = await new LlmBatchStore(db).TurnaroundsAsync(ct);
        var resubmitted = await conn.ExecuteScalarAsync<double?>(new CommandDefinition(
            "SELECT avg(CASE WHEN attempts > 1 THEN 1.0 ELSE 0.0 END)::float8 FROM llm_batch_items WHERE attempts > 0", cancellationToken: ct)) ?? 0;
        var price = llm is { PromptPricePerMillion: { } p, CompletionPricePerMillion: { } c } ? new TokenPrice(p, c, llm.Currency) : null;
        return (LlmRoutes.Project(new LlmRouteInput(messages, Limits(configuration, whatIfRpm, whatIfTpm), stats, llm.MaxOutputTokens,
            Math.Max(1, concurrency), price, Batch(turnarounds, resubmitted), LlmTiers.OpenAiGpt4oMini,
            LlmTiers.OpenAiGpt4oMiniSource + (llm.Model == "gpt-4o-mini" ? "" : $" (the configured model is {llm.Model}: the table is gpt-4o-mini's)"))), null);
    }

    /// <summary>What-if, else configuration, else what the run stored from the provider's headers, else none.</summary>
    public LlmAccountLimits Limits(RunSettings run, int? whatIfRpm, int? whatIfTpm)
    {
        if (whatIfRpm is not null || whatIfTpm is not null || llm.RequestsPerMinute > 0 || llm.TokensPerMinute > 0)
        {
            return new LlmAccountLimits(Positive(whatIfRpm ?? llm.RequestsPerMinute), Positive(whatIfTpm ?? llm.TokensPerMinute), LlmLimitsSnapshot.Config);
        }

        var rpm = Positive(run.LlmLimitRequestsPerMinute ?? 0);
        var tpm = Positive(run.LlmLimitTokensPerMinute ?? 0);
        var source = run.LlmLimitsSource is { } s && (rpm is not null || tpm is not null) ? s : LlmLimitsSnapshot.None;
        return new LlmAccountLimits(rpm, tpm, source);
    }

    private LlmBatchAssumptions Batch(IReadOnlyList<(double Seconds, int Requests)> measured, double resubmitted)
    {
        if (measured.Count >= MinimumMeasuredBatches)
        {
            var sorted = measured.Select(m => Math.Max(1, m.Seconds)).Order().ToList();
            double At(double q) => sorted[(int)Math.Min(sorted.Count - 1, Math.Floor(q * sorted.Count))];
            return new LlmBatchAssumptions(batch.MaxRequestsPerBatch, batch.EnqueuedTokenLimit, At(0.5), Math.Max(At(0.5), At(0.9)),
                $"measured over {sorted.Count} batches in llm_batches", batch.PriceDiscount, resubmitted, PollSeconds: batch.PollSeconds);
        }

        return new LlmBatchAssumptions(batch.MaxRequestsPerBatch, batch.EnqueuedTokenLimit, batch.TurnaroundMedianMinutes * 60, batch.TurnaroundP90Minutes * 60,
            $"assumed, not measured (Llm:Batch:TurnaroundMedianMinutes/P90Minutes; {measured.Count} batches measured)", batch.PriceDiscount, resubmitted, PollSeconds: batch.PollSeconds);
    }

    private static int? Positive(int value) => value > 0 ? value : null;
}
