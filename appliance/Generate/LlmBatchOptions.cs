using System.ComponentModel.DataAnnotations;

namespace Appliance.Generate;

/// <summary>
/// The provider's batch API (<c>Llm:Batch</c>), used when <c>Generate:Mode</c> is <c>batch</c>. The per-batch limits
/// are OpenAI's documented ones; the enqueued-token limit depends on the model and the account's tier (OpenAI,
/// gpt-4o-mini, tier 1: 2,000,000) — left at 0 it is learned from the provider's refusal.
/// </summary>
public sealed class LlmBatchOptions
{
    public const string Section = "Llm:Batch";

    [Range(1, 50_000)]
    public int MaxRequestsPerBatch { get; set; } = 50_000;

    /// <summary>OpenAI's limit is 200 MB per input file.</summary>
    [Range(1024, 200L * 1024 * 1024)]
    public long MaxFileBytes { get; set; } = 200L * 1024 * 1024;

    /// <summary>Prompt tokens that may wait in unfinished batches at once (estimated as the pacer does); 0 = learn it.</summary>
    [Range(0, long.MaxValue)]
    public long EnqueuedTokenLimit { get; set; }

    /// <summary>How often unfinished batches are looked at.</summary>
    [Range(0.01, 3600)]
    public double PollSeconds { get; set; } = 30;

    /// <summary>How many times a request that expired or failed is submitted again before its lead fails.</summary>
    [Range(0, 10)]
    public int MaxResubmissions { get; set; } = 2;

    /// <summary>The batch price as a share off the real-time one (OpenAI: 50 %).</summary>
    [Range(0.0, 1.0)]
    public double PriceDiscount { get; set; } = 0.5;

    /// <summary>For the projection until batches have been measured: a batch's median turnaround (an assumption, stated as one).</summary>
    [Range(0.01, 24 * 60)]
    public double TurnaroundMedianMinutes { get; set; } = 60;

    /// <summary>…and its 90th percentile.</summary>
    [Range(0.01, 24 * 60)]
    public double TurnaroundP90Minutes { get; set; } = 360;
}
