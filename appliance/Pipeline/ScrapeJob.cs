using Appliance.Scrape;
using Hangfire;

namespace Appliance.Pipeline;

/// <summary>
/// The Hangfire job for one chunk of an upload's rows, on the <c>scraping</c> queue. Scraped rows are handed to the
/// generate stage as they are stored, a few hundred at a time (<see cref="GenerateGatherer"/>), not when the whole chunk
/// is done: a chunk ends with its slowest sites (timeouts), and generate should not wait for them.
/// </summary>
public sealed class ScrapeJob(ChunkRunner<string, ScrapeResult> runner, HandOff handOff, JobLifetime lifetime, NodeIdentity node, TimeProvider time)
{
    [Queue(Queues.Scraping)]
    [AutomaticRetry(Attempts = 2)]
    public async Task RunAsync(long uploadId, long fromId, long toId, CancellationToken jobToken)
    {
        var range = new IdRange(fromId, toId);
        runner.BatchWritten += handOff.GatherForGenerate(uploadId, time).Add;
        if (!await lifetime.RunAsync(ct => runner.RunAsync(uploadId, range, node.Name, ct), jobToken))
        {
            // Stopped: alone, start-up recovery queues the rows again; with shared queues the other nodes take the chunk
            // now (its claim skips rows already done), and the rows it scraped go to generate.
            if (node.Shared)
            {
                handOff.Scrape(uploadId, range);
                handOff.Generate(uploadId, range);
            }

            return;
        }

        // Whatever the chunk's earlier hand-offs did not cover (the generate claim skips rows already taken).
        handOff.Generate(uploadId, range);
    }
}
