using System.Threading.Channels;
using Appliance.Storage;
using Appliance.Telemetry;

namespace Appliance.Pipeline;

/// <summary>
/// Runs one chunk of any stage: claims its rows, works each item under the stage's process-wide in-flight limit,
/// writes results in batches as they finish, and hands back whatever it claimed and did not finish — so no row stays
/// claimed after its chunk ends, whatever happened. Each item is measured (time waiting for a slot, time working) into
/// <see cref="PipelineMetrics"/>. A row claimed <see cref="LeadStates.MaxAttempts"/> times fails instead of being worked
/// again; a batch PostgreSQL refuses is split until the row it refuses is found, and that row alone fails.
/// </summary>
public sealed class ChunkRunner<T, TResult>(ChunkStage<T, TResult> stage, PipelineMetrics metrics, TimeProvider time, ILogger<ChunkRunner<T, TResult>> logger)
{
    public sealed record Outcome(int Claimed, int Done, int Failed);

    /// <summary>Called with each finished row's result, e.g. for progress.</summary>
    public event Action<TResult>? Finished;

    /// <summary>Called with the ids of each batch once it is stored: the next stage may take those rows now.</summary>
    public event Action<IReadOnlyList<long>>? BatchWritten;

    public async Task<Outcome> RunAsync(long uploadId, IdRange range, string owner, CancellationToken ct)
    {
        var items = await stage.ClaimAsync(uploadId, range, owner, ct);
        // This chunk's items are granted slots before those of chunks that start after it (InFlightLimiter).
        var order = stage.Limiter.NextOrder();
        var unfinished = new HashSet<long>(items.SelectMany(i => i.Ids));
        var results = Channel.CreateUnbounded<Finished<T, TResult>>(new UnboundedChannelOptions { SingleReader = true });
        var writer = WriteBatchesAsync(uploadId, results.Reader, unfinished);
        int done = 0, failed = 0;
        try
        {
            await Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = stage.Parallelism, CancellationToken = ct }, async (item, token) =>
            {
                var result = item.Attempts > LeadStates.MaxAttempts
                    ? stage.Failure(item.Value, "attempts_exhausted", $"claimed {item.Attempts} times without finishing")
                    : await WorkAsync(item.Value, order, token);
                stage.Record(result);
                var outcome = stage.Outcome(result);
                foreach (var id in item.Ids)
                {
                    Interlocked.Increment(ref stage.Succeeded(result) ? ref done : ref failed);
                    metrics.ItemsCompleted(stage.Name, outcome);
                    Finished?.Invoke(result);
                    results.Writer.TryWrite(new Finished<T, TResult>(id, item, result));
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
                await stage.ReleaseAsync(unfinished, owner, giveBackAttempt: ct.IsCancellationRequested);
            }
        }

        return new Outcome(items.Sum(i => i.Ids.Count), done, failed);
    }

    /// <summary>One item: a slot, the work, and — for a transient failure — the slot given back, a wait, another try.</summary>
    private async Task<TResult> WorkAsync(T item, long order, CancellationToken ct)
    {
        var giveUp = time.GetUtcNow() + stage.MaxTransientWait;
        var backoff = TimeSpan.FromSeconds(1);
        while (true)
        {
            var asked = time.GetTimestamp();
            try
            {
                using (await stage.Limiter.EnterAsync(order, ct))
                {
                    var started = time.GetTimestamp();
                    metrics.SlotWait(stage.Name, time.GetElapsedTime(asked, started).TotalSeconds);
                    metrics.InFlight(stage.Name, 1);
                    try
                    {
                        return await stage.WorkAsync(item, ct);
                    }
                    finally
                    {
                        metrics.InFlight(stage.Name, -1);
                        metrics.RecordDuration(stage.Name, time.GetElapsedTime(started).TotalSeconds);
                    }
                }
            }
            catch (TransientWorkException e) when (time.GetUtcNow() < giveUp)
            {
                var wait = e.RetryAfter ?? backoff;
                logger.LogDebug("{Stage} item waits {Wait}: {Reason}", stage.Name, wait, e.Reason);
                await Task.Delay(wait, time, ct);
                backoff = TimeSpan.FromSeconds(Math.Min(30, backoff.TotalSeconds * 2));
            }
            catch (TransientWorkException e)
            {
                return stage.Failure(item, "endpoint_down", e.Message);
            }
        }
    }

    private async Task WriteBatchesAsync(long uploadId, ChannelReader<Finished<T, TResult>> reader, HashSet<long> unfinished)
    {
        var batch = new List<Finished<T, TResult>>(stage.BatchSize);
        while (await reader.WaitToReadAsync(CancellationToken.None))
        {
            var deadline = time.GetUtcNow() + stage.FlushEvery;
            while (batch.Count < stage.BatchSize && time.GetUtcNow() < deadline)
            {
                if (reader.TryRead(out var item))
                {
                    batch.Add(item);
                    continue;
                }

                var left = deadline - time.GetUtcNow();
                if (left <= TimeSpan.Zero)
                {
                    break;
                }

                using var wait = new CancellationTokenSource(left, time);
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
            }

            await WriteIsolatingAsync(uploadId, batch);
            foreach (var finished in batch)
            {
                unfinished.Remove(finished.Id);
            }

            BatchWritten?.Invoke([.. batch.Select(b => b.Id)]);
            batch.Clear();
        }
    }

    /// <summary>
    /// Writes a batch; one PostgreSQL refuses (a character it cannot store, a value out of range) is split in halves until
    /// the refused rows are alone, and each of those is written as failed with the refusal as its reason. An outage is not
    /// a refusal: <see cref="DatabaseRetry"/> waits it out inside the stage's write.
    /// </summary>
    private async Task WriteIsolatingAsync(long uploadId, List<Finished<T, TResult>> batch)
    {
        try
        {
            await stage.WriteAsync(uploadId, batch, CancellationToken.None);
        }
        catch (Exception e) when (e is not OperationCanceledException && !DatabaseRetry.IsUnavailable(e))
        {
            if (batch.Count > 1)
            {
                var half = batch.Count / 2;
                await WriteIsolatingAsync(uploadId, batch[..half]);
                await WriteIsolatingAsync(uploadId, batch[half..]);
                return;
            }

            var row = batch[0];
            logger.LogWarning("Row {Id} of the {Stage} stage could not be stored and fails: {Error}", row.Id, stage.Name, e.Message);
            var failure = stage.Failure(row.Item.Value, "write_refused", e.GetType().Name + ": " + e.Message);
            await stage.WriteAsync(uploadId, [row with { Result = failure }], CancellationToken.None);
        }
    }
}
