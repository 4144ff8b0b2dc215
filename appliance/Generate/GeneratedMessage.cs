namespace Appliance.Generate;

/// <summary>One written message and what it cost.</summary>
/// <param name="HeldReason">
/// Set by <see cref="MessageGuard"/> when the message points somewhere other than the lead (a URL, e-mail address or phone
/// number): the pipeline stores it as <c>generation_status = 'held'</c> with this reason, for review instead of export.
/// </param>
public sealed record GeneratedMessage(string Body, string Generator, string? Model, int PromptTokens, int CompletionTokens, int LatencyMs, string? HeldReason = null);

/// <summary>
/// A generation that failed. <see cref="Transient"/> failures (endpoint down, 5xx, timeout) make the
/// row wait and retry; the others (empty or malformed completion, a refused request) fail that row.
/// </summary>
public sealed class GenerationException(string reason, string message, bool transient, TimeSpan? retryAfter = null) : Exception(message)
{
    public string Reason { get; } = reason;

    public bool Transient { get; } = transient;

    public TimeSpan? RetryAfter { get; } = retryAfter;
}

/// <summary>Writes one message for one lead.</summary>
public interface IMessageGenerator
{
    Task<GeneratedMessage> GenerateAsync(LeadFacts lead, CancellationToken ct);
}
