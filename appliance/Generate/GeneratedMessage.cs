namespace Appliance.Generate;

/// <summary>One written message and what it cost.</summary>
public sealed record GeneratedMessage(string Body, string Generator, string? Model, int PromptTokens, int CompletionTokens, int LatencyMs);

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
