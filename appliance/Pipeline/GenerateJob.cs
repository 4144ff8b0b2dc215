using Appliance.Generate;
using Hangfire;

namespace Appliance.Pipeline;

/// <summary>The Hangfire job for one chunk of an upload's leads, on the <c>ai_processing</c> queue.</summary>
public sealed class GenerateJob(ChunkRunner<LeadFacts, GenerateResult> runner, HandOff handOff, JobLifetime lifetime, NodeIdentity node,
    IServiceProvider services, Microsoft.Extensions.Options.IOptions<GenerateOptions> options)
{
    [Queue(Queues.AiProcessing)]
    [AutomaticRetry(Attempts = 2)]
    public async Task RunAsync(long uploadId, long fromId, long toId, CancellationToken jobToken)
    {
        var range = new IdRange(fromId, toId);
        Func<CancellationToken, Task> work = options.Value.UsesBatch
            ? ct => services.GetRequiredService<BatchGenerateChunk>().RunAsync(uploadId, range, node.Name, null, ct)
            : ct => runner.RunAsync(uploadId, range, node.Name, ct);
        if (!await lifetime.RunAsync(work, jobToken) && node.Shared)
        {
            // Stopped: with shared queues the other nodes take the chunk now; alone, start-up recovery queues it again.
            handOff.Generate(uploadId, range);
        }
    }
}
