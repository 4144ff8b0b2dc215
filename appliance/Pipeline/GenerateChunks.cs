using Appliance.Generate;
using Appliance.Telemetry;
using Microsoft.Extensions.Options;

namespace Appliance.Pipeline;

/// <summary>A lead's message, or why it has none.</summary>
public sealed record GenerateResult(GeneratedMessage? Message, string? Error);

/// <summary>
/// The generate stage as a chunk: leads whose scrape ended, one message each (<see cref="IMessageGenerator"/>). A
/// transient failure (endpoint down, 5xx, 429, timeout) makes the lead wait and try again — the stage pauses rather
/// than burning rows to <c>failed</c> — until <c>Generate:MaxWaitMinutes</c>.
/// </summary>
public sealed class GenerateChunks(LeadStates states, IMessageGenerator generator, GenerateLimiter limiter, IOptions<GenerateOptions> options, PipelineMetrics metrics)
    : ChunkStage<LeadFacts, GenerateResult>
{
    public override string Name => PipelineMetrics.Generate;

    public override InFlightLimiter Limiter => limiter;

    public override int Parallelism => options.Value.Concurrency;

    public override int BatchSize => 200;

    public override TimeSpan MaxTransientWait => TimeSpan.FromMinutes(options.Value.MaxWaitMinutes);

    public override async Task<IReadOnlyList<ClaimedItem<LeadFacts>>> ClaimAsync(long uploadId, IdRange range, string owner, CancellationToken ct) =>
        [.. (await states.ClaimGenerateAsync(uploadId, range, owner, ct)).Select(c => new ClaimedItem<LeadFacts>(c.Lead, [c.Lead.WebsiteId], c.Attempts))];

    public override async Task<GenerateResult> WorkAsync(LeadFacts lead, CancellationToken ct)
    {
        try
        {
            return new GenerateResult(await generator.GenerateAsync(lead, ct), null);
        }
        catch (GenerationException e) when (e.Transient)
        {
            throw new TransientWorkException(e.Reason, e.Message, e.RetryAfter);
        }
        catch (GenerationException e)
        {
            return new GenerateResult(null, $"{e.Reason}: {e.Message}");
        }
    }

    public override GenerateResult Failure(LeadFacts lead, string reason, string? detail) =>
        new(null, detail is null ? reason : $"{reason}: {detail}");

    public override string Outcome(GenerateResult result) => result.Message is null ? LeadStates.Failed : LeadStates.Done;

    public override bool Succeeded(GenerateResult result) => result.Message is not null;

    public override async Task WriteAsync(long uploadId, IReadOnlyList<Finished<LeadFacts, GenerateResult>> batch, CancellationToken ct)
    {
        await states.SaveMessagesAsync(uploadId, [.. batch.Where(b => b.Result.Message is not null).Select(b => (b.Item.Value, b.Result.Message!))], ct);
        await states.FailGenerateAsync([.. batch.Where(b => b.Result.Message is null).Select(b => (b.Id, b.Result.Error!))], ct);
    }

    public override Task ReleaseAsync(IReadOnlyCollection<long> ids, string owner, bool giveBackAttempt) =>
        states.ReleaseGenerateAsync(ids, owner, giveBackAttempt);

    public override void Record(GenerateResult result)
    {
        if (result.Message is { } m)
        {
            metrics.LlmTokens("prompt", m.PromptTokens);
            metrics.LlmTokens("completion", m.CompletionTokens);
        }
    }
}
