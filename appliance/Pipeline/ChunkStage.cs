namespace Appliance.Pipeline;

/// <summary>One unit of a stage's work and the rows it covers (a scrape fetches a URL once for all rows that name it).</summary>
public sealed record ClaimedItem<T>(T Value, IReadOnlyList<long> Ids, int Attempts);

/// <summary>A result for one row of an item, as the stage writes it.</summary>
public readonly record struct Finished<T, TResult>(long Id, ClaimedItem<T> Item, TResult Result);

/// <summary>
/// Thrown by <see cref="ChunkStage{T,TResult}.WorkAsync"/> when the item should be tried again later (the LLM endpoint
/// is down, a 429): the <see cref="ChunkRunner{T,TResult}"/> gives its slot back, waits, and tries again until the
/// stage's <see cref="ChunkStage{T,TResult}.MaxTransientWait"/> has passed.
/// </summary>
public sealed class TransientWorkException(string reason, string message, TimeSpan? retryAfter) : Exception(message)
{
    public string Reason { get; } = reason;

    public TimeSpan? RetryAfter { get; } = retryAfter;
}

/// <summary>
/// A stage as the one <see cref="ChunkRunner{T,TResult}"/> drives it: what a chunk claims, the work on one item (the stage's
/// library: a fetch and parse, a message), how results are written and failed, what is handed back. Its SQL lives in
/// <see cref="LeadStates"/>; the stage libraries never see a row state.
/// </summary>
public abstract class ChunkStage<T, TResult>
{
    /// <summary>The stage's name in metrics (<c>scrape</c>, <c>generate</c>).</summary>
    public abstract string Name { get; }

    /// <summary>Work in flight in this process for the stage, across all chunks.</summary>
    public abstract InFlightLimiter Limiter { get; }

    /// <summary>Items of one chunk started at once (each still waits for a slot of <see cref="Limiter"/>).</summary>
    public abstract int Parallelism { get; }

    public virtual int BatchSize => 500;

    public virtual TimeSpan FlushEvery => TimeSpan.FromSeconds(1);

    /// <summary>How long an item may keep failing transiently before it fails for good (none: it fails at once).</summary>
    public virtual TimeSpan MaxTransientWait => TimeSpan.Zero;

    public abstract Task<IReadOnlyList<ClaimedItem<T>>> ClaimAsync(long uploadId, IdRange range, string owner, CancellationToken ct);

    public abstract Task<TResult> WorkAsync(T item, CancellationToken ct);

    /// <summary>The failed result for an item that could not be worked or written; <paramref name="reason"/> is a reason code.</summary>
    public abstract TResult Failure(T item, string reason, string? detail);

    /// <summary>The outcome label for metrics and counts: <c>done</c>, or the failure reason.</summary>
    public abstract string Outcome(TResult result);

    public abstract bool Succeeded(TResult result);

    public abstract Task WriteAsync(long uploadId, IReadOnlyList<Finished<T, TResult>> batch, CancellationToken ct);

    /// <param name="giveBackAttempt">True when the chunk stopped on purpose: the attempt it counted is given back.</param>
    public abstract Task ReleaseAsync(IReadOnlyCollection<long> ids, string owner, bool giveBackAttempt);

    /// <summary>Stage-specific figures for one finished item (bytes fetched, tokens), beside the runner's own.</summary>
    public virtual void Record(TResult result)
    {
    }
}
