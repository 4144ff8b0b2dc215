using System.Collections.Concurrent;
using Appliance.Telemetry;
using Microsoft.Extensions.Options;

namespace Appliance.Generate;

/// <summary>
/// Runs one chunk of the generate stage: claims the chunk's leads whose scrape has ended, writes each
/// one's message under the process-wide limit, and saves in batches. A transient failure (endpoint
/// down, 5xx, 429, timeout) makes the lead wait and try again — the stage pauses rather than burning
/// rows to <c>failed</c> — until <c>Generate:MaxWaitMinutes</c>; leads not finished go back to <c>pending</c>.
/// </summary>
public sealed class GenerateChunkRunner(GenerateStore store, IMessageGenerator generator, GenerateLimiter limiter,
    IOptions<GenerateOptions> options, TimeProvider time, ILogger<GenerateChunkRunner> logger, PipelineMetrics? metrics = null)
{
    private const int BatchSize = 200;

    public sealed record Outcome(int Claimed, int Generated, int Failed);

    public event Action<GeneratedMessage?>? Finished;

    public async Task<Outcome> RunAsync(long uploadId, GenerateStore.Range range, CancellationToken ct)
    {
        var leads = await store.ClaimAsync(uploadId, range, ct);
        var unfinished = new ConcurrentDictionary<long, bool>(leads.Select(l => KeyValuePair.Create(l.WebsiteId, true)));
        var done = new ConcurrentQueue<(LeadFacts, GeneratedMessage)>();
        var failed = new ConcurrentQueue<(long, string)>();
        var saving = new SemaphoreSlim(1, 1);
        int generated = 0, failures = 0;
        try
        {
            await Parallel.ForEachAsync(leads, new ParallelOptions { MaxDegreeOfParallelism = options.Value.Concurrency, CancellationToken = ct }, async (lead, token) =>
            {
                var (message, error) = await GenerateWithWaitAsync(lead, token);
                if (message is not null)
                {
                    done.Enqueue((lead, message));
                    Interlocked.Increment(ref generated);
                }
                else
                {
                    failed.Enqueue((lead.WebsiteId, error!));
                    Interlocked.Increment(ref failures);
                }

                metrics?.ItemsCompleted(PipelineMetrics.Generate, message is null ? "failed" : "done");
                if (message is not null)
                {
                    metrics?.RecordDuration(PipelineMetrics.Generate, message.LatencyMs / 1000.0);
                    metrics?.LlmTokens("prompt", message.PromptTokens);
                    metrics?.LlmTokens("completion", message.CompletionTokens);
                }

                Finished?.Invoke(message);
                if (done.Count >= BatchSize)
                {
                    await FlushAsync(uploadId, done, failed, unfinished, saving, token);
                }
            });
        }
        finally
        {
            await FlushAsync(uploadId, done, failed, unfinished, saving, CancellationToken.None);
            await store.ReleaseAsync(unfinished.Keys.ToList());
        }

        return new Outcome(leads.Count, generated, failures);
    }

    private async Task<(GeneratedMessage?, string?)> GenerateWithWaitAsync(LeadFacts lead, CancellationToken ct)
    {
        var giveUp = time.GetUtcNow().AddMinutes(options.Value.MaxWaitMinutes);
        var backoff = TimeSpan.FromSeconds(1);
        while (true)
        {
            try
            {
                using (await limiter.EnterAsync(ct))
                {
                    metrics?.InFlight(PipelineMetrics.Generate, 1);
                    try
                    {
                        return (await generator.GenerateAsync(lead, ct), null);
                    }
                    finally
                    {
                        metrics?.InFlight(PipelineMetrics.Generate, -1);
                    }
                }
            }
            catch (GenerationException e) when (e.Transient && time.GetUtcNow() < giveUp)
            {
                var wait = e.RetryAfter ?? backoff;
                logger.LogDebug("Generation for lead {WebsiteId} waits {Wait}: {Reason}", lead.WebsiteId, wait, e.Reason);
                await Task.Delay(wait, time, ct);
                backoff = TimeSpan.FromSeconds(Math.Min(30, backoff.TotalSeconds * 2));
            }
            catch (GenerationException e)
            {
                return (null, e.Transient ? $"endpoint_down: {e.Message}" : $"{e.Reason}: {e.Message}");
            }
        }
    }

    private async Task FlushAsync(long uploadId, ConcurrentQueue<(LeadFacts, GeneratedMessage)> done, ConcurrentQueue<(long, string)> failed,
        ConcurrentDictionary<long, bool> unfinished, SemaphoreSlim saving, CancellationToken ct)
    {
        await saving.WaitAsync(ct);
        try
        {
            var batch = Drain(done);
            var errors = Drain(failed);
            await store.SaveAsync(uploadId, batch, ct);
            await store.FailAsync(errors, ct);
            foreach (var (lead, _) in batch)
            {
                unfinished.TryRemove(lead.WebsiteId, out _);
            }

            foreach (var (id, _) in errors)
            {
                unfinished.TryRemove(id, out _);
            }
        }
        finally
        {
            saving.Release();
        }
    }

    private static List<T> Drain<T>(ConcurrentQueue<T> queue)
    {
        var items = new List<T>();
        while (queue.TryDequeue(out var item))
        {
            items.Add(item);
        }

        return items;
    }
}
