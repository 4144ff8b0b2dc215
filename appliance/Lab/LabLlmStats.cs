namespace Appliance.Lab;

/// <summary>
/// What the lab LLM has answered, read live by tests and benchmarks to check the client's own
/// counts (a paced client should see <see cref="RateLimited"/> stay near zero).
/// </summary>
public sealed class LabLlmStats
{
    private long requests;
    private long inFlight;
    private long rateLimited;
    private long completed;
    private long faults;
    private long promptTokens;
    private long completionTokens;

    /// <summary>Well-formed chat completion requests received, whatever their answer.</summary>
    public long Requests => Interlocked.Read(ref requests);

    /// <summary>Requests received and not yet answered or abandoned: a client that gives up frees its slot.</summary>
    public long InFlight => Interlocked.Read(ref inFlight);

    /// <summary>Requests answered 429.</summary>
    public long RateLimited => Interlocked.Read(ref rateLimited);

    /// <summary>Requests answered with a whole completion (streamed or not).</summary>
    public long Completed => Interlocked.Read(ref completed);

    /// <summary>Requests that met an injected error: 500, timeout or malformed JSON.</summary>
    public long Faults => Interlocked.Read(ref faults);

    /// <summary>Prompt tokens of the completed requests.</summary>
    public long PromptTokens => Interlocked.Read(ref promptTokens);

    /// <summary>Tokens generated for the completed requests.</summary>
    public long CompletionTokens => Interlocked.Read(ref completionTokens);

    private long batchesCreated;
    private long batchRequestsBilled;

    /// <summary>Batches created through <c>POST /v1/batches</c>, refused ones included.</summary>
    public long BatchesCreated => Interlocked.Read(ref batchesCreated);

    /// <summary>Batch requests that ran and were billed (a line in an output file): a request billed twice shows here.</summary>
    public long BatchRequestsBilled => Interlocked.Read(ref batchRequestsBilled);

    internal void BatchCreated() => Interlocked.Increment(ref batchesCreated);

    internal void BatchRequestBilled(int prompt, int completion)
    {
        Interlocked.Add(ref promptTokens, prompt);
        Interlocked.Add(ref completionTokens, completion);
        Interlocked.Increment(ref batchRequestsBilled);
    }

    internal void Received()
    {
        Interlocked.Increment(ref requests);
        Interlocked.Increment(ref inFlight);
    }

    internal void Left() => Interlocked.Decrement(ref inFlight);

    internal void Limited() => Interlocked.Increment(ref rateLimited);

    internal void Faulted() => Interlocked.Increment(ref faults);

    internal void Complete(int prompt, int completion)
    {
        Interlocked.Add(ref promptTokens, prompt);
        Interlocked.Add(ref completionTokens, completion);
        Interlocked.Increment(ref completed);
    }
}
