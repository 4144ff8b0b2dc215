using Appliance.Ingest;
using Hangfire;

namespace Appliance.Pipeline;

/// <summary>The Hangfire job that ingests an uploaded file on the receiving node's <c>file_processing</c> queue, then queues its scrape chunks.</summary>
public sealed class IngestJob(UploadIngestor ingestor, HandOff handOff)
{
    // A refused file is a result, not a failure to retry; a crash mid-file rolls back and the job is retried.
    // The queue is the first argument (NodeIdentity.IngestQueue): the file lies in the receiving node's state directory.
    [Queue("{0}")]
    [AutomaticRetry(Attempts = 3)]
    public async Task RunAsync(string queue, long uploadId, string path, CancellationToken ct)
    {
        var result = await ingestor.IngestAsync(uploadId, path, progress: null, ct);
        if (result.State == "ingested" && result.Accepted > 0)
        {
            await handOff.ScrapePendingAsync(uploadId, ct);
        }
    }
}
