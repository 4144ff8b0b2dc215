using Appliance.Jobs;
using Hangfire;

namespace Appliance.Scrape;

/// <summary>The Hangfire job for one chunk of an upload's rows, on the <c>scraping</c> queue.</summary>
public sealed class ScrapeJob(ScrapeChunkRunner runner)
{
    [Queue(JobsSetup.Scraping)]
    [AutomaticRetry(Attempts = 2)]
    public async Task RunAsync(long uploadId, long fromId, long toId, CancellationToken ct) =>
        await runner.RunAsync(uploadId, new ScrapeStore.Range(fromId, toId), $"{Environment.MachineName}:{Environment.ProcessId}", ct);
}
