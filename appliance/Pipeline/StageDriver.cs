using Appliance.Generate;
using Appliance.Scrape;
using Microsoft.Extensions.Options;

namespace Appliance.Pipeline;

/// <summary>
/// Runs every pending chunk of one upload's stage in this process, many chunks at once sharing the stage's one in-flight
/// limit (a chunk's last slow sites must not leave the limit idle while they finish): the <c>scrape</c> and
/// <c>generate</c> verbs and the concurrency sweeps, which work without the job queues.
/// </summary>
public sealed class StageDriver(IServiceProvider services, LeadStates states, NodeIdentity node, IOptions<ScrapeOptions> scrape, IOptions<GenerateOptions> generate)
{
    private const int ChunksAtOnce = 16;

    /// <summary>Scrapes the upload's pending rows; <paramref name="finished"/> hears each row's result. Returns the rows claimed.</summary>
    public async Task<int> ScrapeAsync(long uploadId, Action<ScrapeResult>? finished, CancellationToken ct) =>
        await RunAsync<string, ScrapeResult>(await states.PendingScrapeAsync(uploadId, scrape.Value.ChunkSize, ct), uploadId, finished, ct);

    /// <summary>Generates messages for the upload's rows whose scrape ended. Returns the rows claimed.</summary>
    public async Task<int> GenerateAsync(long uploadId, Action<GenerateResult>? finished, CancellationToken ct)
    {
        var ranges = await states.PendingGenerateAsync(uploadId, generate.Value.ChunkSize, ct);
        if (!generate.Value.UsesBatch)
        {
            return await RunAsync<LeadFacts, GenerateResult>(ranges, uploadId, finished, ct);
        }

        // Batch mode: each chunk is one call of the batch route; the provider runs them side by side.
        var claimed = 0;
        await Parallel.ForEachAsync(ranges, new ParallelOptions { MaxDegreeOfParallelism = ChunksAtOnce, CancellationToken = ct }, async (range, token) =>
            Interlocked.Add(ref claimed, await services.GetRequiredService<BatchGenerateChunk>().RunAsync(uploadId, range, node.Name, finished, token)));
        return claimed;
    }

    private async Task<int> RunAsync<T, TResult>(IReadOnlyList<IdRange> ranges, long uploadId, Action<TResult>? finished, CancellationToken ct)
    {
        var claimed = 0;
        await Parallel.ForEachAsync(ranges, new ParallelOptions { MaxDegreeOfParallelism = ChunksAtOnce, CancellationToken = ct }, async (range, token) =>
        {
            var runner = services.GetRequiredService<ChunkRunner<T, TResult>>();
            if (finished is not null)
            {
                runner.Finished += finished;
            }

            var outcome = await runner.RunAsync(uploadId, range, node.Name, token);
            Interlocked.Add(ref claimed, outcome.Claimed);
        });
        return claimed;
    }
}
