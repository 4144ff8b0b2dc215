using Hangfire;
using Microsoft.Extensions.Options;

namespace Appliance.Scrape;

/// <summary>Enqueues one <see cref="ScrapeJob"/> per chunk of an upload's pending rows.</summary>
public sealed class ScrapeDispatcher(ScrapeStore store, IBackgroundJobClient jobs, IOptions<ScrapeOptions> options)
{
    public async Task<int> EnqueueAsync(long uploadId, CancellationToken ct = default)
    {
        var ranges = await store.PendingRangesAsync(uploadId, options.Value.ChunkSize, ct);
        foreach (var range in ranges)
        {
            jobs.Enqueue<ScrapeJob>(j => j.RunAsync(uploadId, range.FromId, range.ToId, CancellationToken.None));
        }

        return ranges.Count;
    }
}
