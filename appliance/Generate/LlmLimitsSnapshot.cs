namespace Appliance.Generate;

/// <summary>
/// The LLM account's limits as the pacer knows them: requests and tokens per minute (null: unknown) and their
/// <see cref="Source"/> — <c>config</c> (<c>Llm:RequestsPerMinute</c>/<c>TokensPerMinute</c>, which override),
/// <c>headers</c> (learned from the provider's <c>x-ratelimit-limit-*</c>) or <c>none</c> (nothing known: the
/// endpoint sent no limits and none are configured). <see cref="LastSeen"/> is the newest answer's headers.
/// </summary>
public sealed record LlmLimitsSnapshot(int? RequestsPerMinute, int? TokensPerMinute, string Source, RateLimitObservation? LastSeen, DateTimeOffset? SeenAt)
{
    public const string Config = "config";
    public const string Headers = "headers";
    public const string None = "none";
}
