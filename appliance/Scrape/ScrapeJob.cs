using Appliance.Generate;
using Appliance.Jobs;
using Hangfire;

namespace Appliance.Scrape;

/// <summary>
/// The Hangfire job for one chunk of an upload's rows, on the <c>scraping</c> queue. Scraped rows are handed to
/// the generate stage as they are stored, a few hundred at a time, not when the whole chunk is done: a chunk
/// ends with its slowest sites (timeouts), and the generate stage should not wait for them.
/// </summary>
public sealed class ScrapeJob(
    ScrapeChunkRunner runner, IBackgroundJobClient jobs, TimeProvider time, RecoverySignal? recovery = null, IHostApplicationLifetime? lifetime = null, NodeIdentity? node = null)
{
    /// <summary>Rows, or seconds, a generate job waits to gather before it is queued.</summary>
    public const int HandOffRows = 250;
    public static readonly TimeSpan HandOffEvery = TimeSpan.FromSeconds(3);

    [Queue(JobsSetup.Scraping)]
    [AutomaticRetry(Attempts = 2)]
    public async Task RunAsync(long uploadId, long fromId, long toId, CancellationToken jobToken)
    {
        // A stop (SIGTERM) cancels the chunk at once: its claimed rows go back to pending within the stop timeout.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(jobToken, lifetime?.ApplicationStopping ?? CancellationToken.None);
        var ct = stop.Token;
        var handOff = new HandOff(jobs, uploadId, time);
        runner.BatchWritten += handOff.Add;
        try
        {
            await runner.RunAsync(uploadId, new ScrapeStore.Range(fromId, toId), node?.Name ?? ClaimOwner.Current, ct);
        }
        catch (OperationCanceledException) when (lifetime?.ApplicationStopping.IsCancellationRequested == true)
        {
            // Stopping: the chunk handed its rows back to pending. Alone, start-up recovery queues them again; with
            // shared queues the other nodes take the chunk now (its claim skips rows already done), and the rows it
            // scraped go to generate. Not a failure.
            if (node?.Shared == true)
            {
                jobs.Enqueue<ScrapeJob>(j => j.RunAsync(uploadId, fromId, toId, CancellationToken.None));
                jobs.Enqueue<GenerateJob>(j => j.RunAsync(uploadId, fromId, toId, CancellationToken.None));
            }

            return;
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            // Its retry may come too late or never: recovery re-enqueues what the table says is unfinished.
            recovery?.Raise();
            throw;
        }

        // Whatever the chunk's earlier hand-offs did not cover (the generate claim skips rows already taken).
        jobs.Enqueue<GenerateJob>(j => j.RunAsync(uploadId, fromId, toId, CancellationToken.None));
    }

    /// <summary>Gathers stored ids and queues a generate job for their id range every <see cref="HandOffRows"/> rows or <see cref="HandOffEvery"/>.</summary>
    private sealed class HandOff(IBackgroundJobClient jobs, long uploadId, TimeProvider time)
    {
        private readonly Lock _gate = new();
        private long _from = long.MaxValue;
        private long _to = long.MinValue;
        private int _count;
        private long _since = time.GetTimestamp();

        public void Add(IReadOnlyList<long> ids)
        {
            (long From, long To)? ready = null;
            lock (_gate)
            {
                foreach (var id in ids)
                {
                    _from = Math.Min(_from, id);
                    _to = Math.Max(_to, id);
                }

                _count += ids.Count;
                if (_count >= HandOffRows || (_count > 0 && time.GetElapsedTime(_since) >= HandOffEvery))
                {
                    ready = (_from, _to);
                    (_from, _to, _count, _since) = (long.MaxValue, long.MinValue, 0, time.GetTimestamp());
                }
            }

            if (ready is var (from, to))
            {
                jobs.Enqueue<GenerateJob>(j => j.RunAsync(uploadId, from, to, CancellationToken.None));
            }
        }
    }
}
