using Appliance.Jobs;
using Hangfire;

namespace Appliance.Generate;

/// <summary>The Hangfire job for one chunk of an upload's leads, on the <c>ai_processing</c> queue.</summary>
public sealed class GenerateJob(GenerateChunkRunner runner)
{
    [Queue(JobsSetup.AiProcessing)]
    [AutomaticRetry(Attempts = 2)]
    public async Task RunAsync(long uploadId, long fromId, long toId, CancellationToken ct) =>
        await runner.RunAsync(uploadId, new GenerateStore.Range(fromId, toId), ct);
}
