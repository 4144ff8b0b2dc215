using Appliance.Generate;
using Appliance.Jobs;
using Hangfire;

namespace Appliance.Scrape;

/// <summary>The Hangfire job for one chunk of an upload's rows, on the <c>scraping</c> queue; queues the chunk's generate job when done.</summary>
public sealed class ScrapeJob(ScrapeChunkRunner runner, IBackgroundJobClient jobs)
{
    // The generate stage takes the chunk as soon as it is scraped: the stages overlap.
    [Queue(JobsSetup.Scraping)]
    [AutomaticRetry(Attempts = 2)]
    public async Task RunAsync(long uploadId, long fromId, long toId, CancellationToken ct)
    {
        await runner.RunAsync(uploadId, new ScrapeStore.Range(fromId, toId), $"{Environment.MachineName}:{Environment.ProcessId}", ct);
        jobs.Enqueue<GenerateJob>(j => j.RunAsync(uploadId, fromId, toId, CancellationToken.None));
    }
}
