using Appliance.Generate;
using Appliance.Jobs;
using Hangfire;

namespace Appliance.Scrape;

/// <summary>The Hangfire job for one chunk of an upload's rows, on the <c>scraping</c> queue; queues the chunk's generate job when done.</summary>
public sealed class ScrapeJob(ScrapeChunkRunner runner, IBackgroundJobClient jobs, RecoverySignal? recovery = null, IHostApplicationLifetime? lifetime = null)
{
    // The generate stage takes the chunk as soon as it is scraped: the stages overlap.
    [Queue(JobsSetup.Scraping)]
    [AutomaticRetry(Attempts = 2)]
    public async Task RunAsync(long uploadId, long fromId, long toId, CancellationToken jobToken)
    {
        // A stop (SIGTERM) cancels the chunk at once: its claimed rows go back to pending within the stop timeout.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(jobToken, lifetime?.ApplicationStopping ?? CancellationToken.None);
        var ct = stop.Token;
        try
        {
            await runner.RunAsync(uploadId, new ScrapeStore.Range(fromId, toId), ClaimOwner.Current, ct);
        }
        catch (OperationCanceledException) when (lifetime?.ApplicationStopping.IsCancellationRequested == true)
        {
            // Stopping: the chunk handed its rows back to pending, and start-up recovery queues them again. Not a failure.
            return;
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            // Its retry may come too late or never: recovery re-enqueues what the table says is unfinished.
            recovery?.Raise();
            throw;
        }

        jobs.Enqueue<GenerateJob>(j => j.RunAsync(uploadId, fromId, toId, CancellationToken.None));
    }
}
