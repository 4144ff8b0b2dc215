using Appliance.Jobs;
using Hangfire;

namespace Appliance.Ingest;

/// <summary>The Hangfire job that ingests an uploaded file on the <c>file_processing</c> queue.</summary>
public sealed class IngestJob(UploadIngestor ingestor)
{
    // A refused file is a result, not a failure to retry; a crash mid-file rolls back and the job is retried.
    [Queue(JobsSetup.FileProcessing)]
    [AutomaticRetry(Attempts = 3)]
    public async Task RunAsync(long uploadId, string path, CancellationToken ct) =>
        await ingestor.IngestAsync(uploadId, path, progress: null, ct);
}
