namespace Appliance.Reports.Capacity;

/// <summary>The account's limits per minute (null: unknown) and where they came from: <c>headers</c>, <c>config</c> or <c>none</c>.</summary>
public sealed record LlmAccountLimits(int? RequestsPerMinute, int? TokensPerMinute, string Source)
{
    public bool Known => RequestsPerMinute is > 0 || TokensPerMinute is > 0;
}

/// <summary>Per message, from a run's <c>messages</c> rows: prompt and completion tokens and the call's latency.</summary>
public sealed record LlmMessageStats(long Messages, double PromptP50, double PromptP95, double PromptMean, double CompletionP50, double CompletionP95,
    double CompletionMean, double LatencyP50Seconds, double LatencyP95Seconds, double LatencyMeanSeconds);

/// <summary>
/// The batch route's assumptions: the per-batch request limit, the enqueued-token limit (0: unknown), the turnaround
/// of one batch as a median and 90th percentile (<see cref="TurnaroundSource"/> says measured or assumed), the
/// completion window, and the share of requests that come back expired or failed and are submitted again.
/// </summary>
public sealed record LlmBatchAssumptions(int MaxRequestsPerBatch, long EnqueuedTokenLimit, double TurnaroundMedianSeconds, double TurnaroundP90Seconds,
    string TurnaroundSource, double PriceDiscount, double ResubmittedShare = 0, double CompletionWindowSeconds = 86_400, double PollSeconds = 30);

/// <summary>Everything the LLM routes are projected from.</summary>
public sealed record LlmRouteInput(long Messages, LlmAccountLimits Limits, LlmMessageStats PerMessage, int MaxOutputTokens, int Concurrency,
    TokenPrice? Price, LlmBatchAssumptions Batch, IReadOnlyList<LlmTier> Tiers, string TiersSource);

/// <summary>One route's ETA (expected and 90% interval), its cost (null without a price) and what bounds it.</summary>
public sealed record LlmRouteEstimate(string Route, double SecondsExpected, double SecondsLow, double SecondsHigh, double? Cost, string Binding, string Basis);

/// <summary>What one tier would give: real time with its binding limit, and the batch route's expected time.</summary>
public sealed record LlmTierEstimate(LlmTier Tier, double RealtimeSeconds, string RealtimeBinding, double BatchSeconds);

/// <summary>
/// The LLM account section as plain figures, for <c>project</c> and the report: limits and their source, tokens per
/// message, the real-time and batch routes, the tier table, cost per 1,000 messages by route, and a headline that
/// states the assumption (loudly when no limit is known).
/// </summary>
public sealed record LlmAccountPlan(long Messages, LlmAccountLimits Limits, LlmMessageStats PerMessage, IReadOnlyList<LlmRouteEstimate> Routes,
    IReadOnlyList<LlmTierEstimate> Tiers, string TiersSource, double? CostPer1000Realtime, double? CostPer1000Batch, string? Currency,
    string Headline, IReadOnlyList<string> Notes)
{
    public LlmRouteEstimate Realtime => Routes.Single(r => r.Route == LlmRoutes.Realtime);

    public LlmRouteEstimate Batch => Routes.Single(r => r.Route == LlmRoutes.BatchRoute);
}
