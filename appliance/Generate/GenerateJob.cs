using Appliance.Jobs;
using Hangfire;

namespace Appliance.Generate;

/// <summary>The Hangfire job for one chunk of an upload's leads, on the <c>ai_processing</c> queue.</summary>
public sealed class GenerateJob(GenerateChunkRunner runner, RecoverySignal? recovery = null, IHostApplicationLifetime? lifetime = null,
    IBackgroundJobClient? jobs = null, NodeIdentity? node = null)
{
    [Queue(JobsSetup.AiProcessing)]
    [AutomaticRetry(Attempts = 2)]
    public async Task RunAsync(long uploadId, long fromId, long toId, CancellationToken jobToken)
    {
        // A stop (SIGTERM) cancels the chunk at once: its claimed leads go back to pending within the stop timeout.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(jobToken, lifetime?.ApplicationStopping ?? CancellationToken.None);
        var ct = stop.Token;
        try
        {
            await runner.RunAsync(uploadId, new GenerateStore.Range(fromId, toId), ct);
        }
        catch (OperationCanceledException) when (lifetime?.ApplicationStopping.IsCancellationRequested == true)
        {
            // Stopping: the chunk handed its rows back to pending. Alone, start-up recovery queues them again; with
            // shared queues the other nodes take the chunk now. Not a failure.
            if (node?.Shared == true)
            {
                jobs?.Enqueue<GenerateJob>(j => j.RunAsync(uploadId, fromId, toId, CancellationToken.None));
            }

            return;
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            // Its retry may come too late or never: recovery re-enqueues what the table says is unfinished.
            recovery?.Raise();
            throw;
        }
    }
}
