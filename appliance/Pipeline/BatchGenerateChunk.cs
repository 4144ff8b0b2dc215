using Appliance.Generate;
using Appliance.Telemetry;

namespace Appliance.Pipeline;

/// <summary>
/// A chunk of the generate stage through the provider's batch API (<c>Generate:Mode=batch</c>): claims the chunk's
/// leads, hands them to <see cref="BatchGenerationRoute"/> as one call (it splits, submits, polls and resubmits), and
/// writes the messages and failures as the per-lead runner does. Stopped (SIGTERM), it gives the leads back to
/// <c>pending</c>; the route's <c>llm_batches</c> rows keep the provider's batches, so the next claim resumes them.
/// </summary>
public sealed class BatchGenerateChunk(LeadStates states, BatchGenerationRoute route, PipelineMetrics metrics)
{
    public async Task<int> RunAsync(long uploadId, IdRange range, string owner, Action<GenerateResult>? finished, CancellationToken ct)
    {
        var leads = (await states.ClaimGenerateAsync(uploadId, range, owner, ct)).Select(c => c.Lead).ToList();
        if (leads.Count == 0)
        {
            return 0;
        }

        IReadOnlyList<BatchOutcome> outcomes;
        try
        {
            metrics.InFlight(PipelineMetrics.Generate, leads.Count);
            outcomes = await route.RunAsync(leads, ct);
        }
        catch
        {
            // Stopped or broken: nothing is written; the leads wait in pending, their requests in llm_batches.
            await states.ReleaseGenerateAsync(leads.Select(l => l.WebsiteId).ToList(), owner, giveBackAttempt: true);
            throw;
        }
        finally
        {
            metrics.InFlight(PipelineMetrics.Generate, -leads.Count);
        }

        var byId = leads.ToDictionary(l => l.WebsiteId);
        await states.SaveMessagesAsync(uploadId, [.. outcomes.Where(o => o.Message is not null).Select(o => (byId[o.WebsiteId], o.Message!))], ct);
        await states.FailGenerateAsync([.. outcomes.Where(o => o.Message is null).Select(o => (o.WebsiteId, o.Failure ?? "batch_failed"))], ct);
        foreach (var o in outcomes)
        {
            metrics.ItemsCompleted(PipelineMetrics.Generate, o.Message is null ? LeadStates.Failed : LeadStates.Done);
            if (o.Message is { } m)
            {
                metrics.LlmTokens("prompt", m.PromptTokens);
                metrics.LlmTokens("completion", m.CompletionTokens);
            }

            finished?.Invoke(new GenerateResult(o.Message, o.Failure));
        }

        return leads.Count;
    }
}
