using Appliance.Generate;
using Appliance.Scrape;
using Hangfire;
using Microsoft.Extensions.Options;

namespace Appliance.Pipeline;

/// <summary>
/// Every hand-off of work between stages, and the only place jobs are queued: an upload to ingest (on the receiving
/// node's queue: the file is in its state directory), an upload's pending rows to scrape, rows whose scrape ended to
/// generate. The stages never queue work; they return results and the pipeline decides what follows.
/// </summary>
public sealed class HandOff(IBackgroundJobClient jobs, LeadStates states, NodeIdentity node, IOptions<ScrapeOptions> scrape, IOptions<GenerateOptions> generate)
{
    public void Ingest(long uploadId, string path)
    {
        var queue = node.IngestQueue;
        jobs.Enqueue<IngestJob>(j => j.RunAsync(queue, uploadId, path, CancellationToken.None));
    }

    public void Scrape(long uploadId, IdRange range) =>
        jobs.Enqueue<ScrapeJob>(j => j.RunAsync(uploadId, range.FromId, range.ToId, CancellationToken.None));

    public void Generate(long uploadId, IdRange range) =>
        jobs.Enqueue<GenerateJob>(j => j.RunAsync(uploadId, range.FromId, range.ToId, CancellationToken.None));

    /// <summary>One scrape chunk per <c>Scrape:ChunkSize</c> pending rows of the upload; returns the chunks queued.</summary>
    public async Task<int> ScrapePendingAsync(long uploadId, CancellationToken ct) =>
        Queue(uploadId, await states.PendingScrapeAsync(uploadId, scrape.Value.ChunkSize, ct), Scrape);

    /// <summary>One generate chunk per <c>Generate:ChunkSize</c> rows whose scrape ended; returns the chunks queued.</summary>
    public async Task<int> GeneratePendingAsync(long uploadId, CancellationToken ct) =>
        Queue(uploadId, await states.PendingGenerateAsync(uploadId, generate.Value.ChunkSize, ct), Generate);

    /// <summary>Scrape chunks for exactly these rows (a lapsed node's, stranded ones); returns the chunks queued.</summary>
    public int ScrapeRows(IEnumerable<(long UploadId, long Id)> rows) => Queue(rows, scrape.Value.ChunkSize, Scrape);

    /// <summary>Generate chunks for exactly these rows; returns the chunks queued.</summary>
    public int GenerateRows(IEnumerable<(long UploadId, long Id)> rows) => Queue(rows, generate.Value.ChunkSize, Generate);

    /// <summary>Hands a scrape chunk's stored rows to generate as they are written (see <see cref="GenerateGatherer"/>).</summary>
    public GenerateGatherer GatherForGenerate(long uploadId, TimeProvider time) => new(this, uploadId, time);

    private static int Queue(IEnumerable<(long UploadId, long Id)> rows, int chunk, Action<long, IdRange> enqueue)
    {
        var chunks = 0;
        foreach (var (uploadId, range) in IdRange.Chunks(rows, chunk))
        {
            enqueue(uploadId, range);
            chunks++;
        }

        return chunks;
    }

    private static int Queue(long uploadId, IReadOnlyList<IdRange> ranges, Action<long, IdRange> enqueue)
    {
        foreach (var range in ranges)
        {
            enqueue(uploadId, range);
        }

        return ranges.Count;
    }
}
