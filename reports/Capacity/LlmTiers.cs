namespace Appliance.Reports.Capacity;

/// <summary>One usage tier of an LLM account: its real-time limits and its batch queue (enqueued-token) limit.</summary>
public sealed record LlmTier(string Name, int RequestsPerMinute, int TokensPerMinute, long EnqueuedTokens);

/// <summary>
/// Default tier tables, each with where its figures come from. They are defaults for a projection, not facts
/// about an account: an account's own limits come from its response headers or configuration.
/// </summary>
public static class LlmTiers
{
    public const string OpenAiGpt4oMiniSource =
        "OpenAI's usage-tier table for gpt-4o-mini (platform.openai.com/docs/guides/rate-limits, as published 2024-2025: " +
        "RPM, TPM and batch queue limit per tier); limits change over time: check the account's Limits page";

    public static readonly IReadOnlyList<LlmTier> OpenAiGpt4oMini =
    [
        new("tier 1", 500, 200_000, 2_000_000),
        new("tier 2", 5_000, 2_000_000, 20_000_000),
        new("tier 3", 5_000, 4_000_000, 40_000_000),
        new("tier 4", 10_000, 10_000_000, 1_000_000_000),
        new("tier 5", 30_000, 150_000_000, 15_000_000_000),
    ];
}
