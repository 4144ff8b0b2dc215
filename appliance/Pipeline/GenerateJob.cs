using Appliance.Generate;
using Hangfire;

namespace Appliance.Pipeline;

/// <summary>The Hangfire job for one chunk of an upload's leads, on the <c>ai_processing</c> queue.</summary>
public sealed class GenerateJob(ChunkRunner<LeadFacts, GenerateResult> runner, HandOff handOff, JobLifetime lifetime, NodeIdentity node)
{
    [Queue(Queues.AiProcessing)]
    [AutomaticRetry(Attempts = 2)]
    public async Task RunAsync(long uploadId, long fromId, long toId, CancellationToken jobToken)
    {
        var range = new IdRange(fromId, toId);
        if (!await lifetime.RunAsync(ct => runner.RunAsync(uploadId, range, node.Name, ct), jobToken) && node.Shared)
        {
            // Stopped: with shared queues the other nodes take the chunk now; alone, start-up recovery queues it again.
            handOff.Generate(uploadId, range);
        }
    }
}
