using System.Threading.Channels;
using Appliance.Telemetry;
using Microsoft.Extensions.Options;

namespace Appliance.Scrape;

/// <summary>
/// Runs one chunk: claims its pending rows, scrapes each distinct URL once under the process-wide
/// in-flight limit (<see cref="ScrapeLimiter"/>), and writes results in batches as they finish.
/// Whatever happens, no row it claimed stays <c>fetching</c>: unfinished ones go back to <c>pending</c>.
/// </summary>
public sealed class ScrapeChunkRunner(ScrapeStore store, PageScraper scraper, ScrapeLimiter limiter, IOptions<ScrapeOptions> options, PipelineMetrics? metrics = null)
{
    private const int BatchSize = 500;
    private static readonly TimeSpan FlushEvery = TimeSpan.FromSeconds(1);

    public sealed record Outcome(int Claimed, int Done, int Failed);

    /// <summary>Called with each finished row's result, e.g. for progress and metrics.</summary>
    public event Action<ScrapeResult>? Finished;

    /// <summary>Called with the ids of each batch once it is stored: the next stage may take those rows now.</summary>
    public event Action<IReadOnlyList<long>>? BatchWritten;

    public async Task<Outcome> RunAsync(long uploadId, ScrapeStore.Range range, string owner, CancellationToken ct)
    {
        var rows = await store.ClaimAsync(uploadId, range, owner, ct);
        var unfinished = new HashSet<long>(rows.Select(r => r.Id));
        var results = Channel.CreateUnbounded<(long Id, ScrapeResult Result)>(new UnboundedChannelOptions { SingleReader = true });
        var writer = WriteBatchesAsync(results.Reader, unfinished, ct);
        int done = 0, failed = 0;
        try
        {
            var byUrl = rows.GroupBy(r => r.NormalizedUrl, StringComparer.Ordinal);
            await Parallel.ForEachAsync(byUrl, new ParallelOptions { MaxDegreeOfParallelism = options.Value.Concurrency, CancellationToken = ct }, async (group, token) =>
            {
                ScrapeResult result;
                using (await limiter.EnterAsync(token))
                {
                    metrics?.InFlight(PipelineMetrics.Scrape, 1);
                    try
                    {
                        result = await scraper.ScrapeAsync(group.Key, token);
                    }
                    finally
                    {
                        metrics?.InFlight(PipelineMetrics.Scrape, -1);
                    }
                }

                metrics?.RecordDuration(PipelineMetrics.Scrape, result.FetchMs / 1000.0);
                metrics?.BytesFetched(result.Bytes);

                foreach (var row in group)
                {
                    Interlocked.Increment(ref result.Status == ScrapeResult.Done ? ref done : ref failed);
                    metrics?.ItemsCompleted(PipelineMetrics.Scrape, result.FailureReason ?? result.Status);
                    Finished?.Invoke(result);
                    results.Writer.TryWrite((row.Id, result));
                }
            });
        }
        finally
        {
            results.Writer.TryComplete();
            try
            {
                await writer;
            }
            finally
            {
                await store.ReleaseAsync(unfinished, owner);
            }
        }

        return new Outcome(rows.Count, done, failed);
    }

    private async Task WriteBatchesAsync(ChannelReader<(long Id, ScrapeResult Result)> reader, HashSet<long> unfinished, CancellationToken ct)
    {
        var batch = new List<(long, ScrapeResult)>(BatchSize);
        while (await reader.WaitToReadAsync(CancellationToken.None))
        {
            var deadline = DateTime.UtcNow + FlushEvery;
            while (batch.Count < BatchSize && DateTime.UtcNow < deadline)
            {
                if (!reader.TryRead(out var item))
                {
                    using var wait = new CancellationTokenSource(deadline - DateTime.UtcNow);
                    try
                    {
                        if (!await reader.WaitToReadAsync(wait.Token))
                        {
                            break;
                        }
                    }
                    catch (OperationCanceledException)
                    {
                        break;
                    }

                    continue;
                }

                batch.Add(item);
            }

            await store.WriteAsync(batch, CancellationToken.None);
            foreach (var (id, _) in batch)
            {
                unfinished.Remove(id);
            }

            BatchWritten?.Invoke([.. batch.Select(b => b.Item1)]);
            batch.Clear();
        }
    }
}
