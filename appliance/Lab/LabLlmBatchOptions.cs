using System.ComponentModel.DataAnnotations;

namespace Appliance.Lab;

/// <summary>
/// The lab LLM's batch API (<c>Lab:Llm:Batch</c>): how long a batch takes and how it can go wrong. A batch's
/// turnaround (validating → completed) is drawn lognormal around <see cref="TurnaroundMedianSeconds"/>; one
/// drawn past the completion window expires with the requests finished so far. Rates are read when a batch is
/// created, so a test can change them between batches. The limits are OpenAI's documented ones.
/// </summary>
public sealed class LabLlmBatchOptions
{
    /// <summary>OpenAI: at most 50,000 requests in one batch.</summary>
    [Range(1, 10_000_000)]
    public int MaxRequestsPerBatch { get; set; } = 50_000;

    /// <summary>OpenAI: an input file of at most 200 MB.</summary>
    [Range(1, long.MaxValue)]
    public long MaxFileBytes { get; set; } = 200L * 1024 * 1024;

    /// <summary>Prompt tokens that may be queued across unfinished batches; 0 = no limit (OpenAI tier 1, gpt-4o-mini: 2,000,000).</summary>
    [Range(0, long.MaxValue)]
    public long EnqueuedTokenLimit { get; set; }

    [Range(0, 30 * 86_400)]
    public double ValidatingSeconds { get; set; } = 1;

    /// <summary>Median time in progress. Real batches mostly finish in minutes to hours; tests and the lab run shorten it.</summary>
    [Range(0, 30 * 86_400)]
    public double TurnaroundMedianSeconds { get; set; } = 600;

    /// <summary>Spread of the turnaround (σ of its logarithm); 0 = always the median.</summary>
    [Range(0, 5)]
    public double TurnaroundSigma { get; set; } = 0.6;

    [Range(0, 30 * 86_400)]
    public double FinalizingSeconds { get; set; } = 1;

    /// <summary>The completion window: OpenAI's only one is 24 h. A batch not done by then expires.</summary>
    [Range(0.01, 30 * 86_400)]
    public double CompletionWindowSeconds { get; set; } = 86_400;

    /// <summary>Batches that fail as a whole during validation (<c>status: failed</c>, nothing billed).</summary>
    [Range(0, 1)]
    public double FailedBatchRate { get; set; }

    /// <summary>Batches that run out their window: about half their requests finish, the rest come back <c>batch_expired</c>.</summary>
    [Range(0, 1)]
    public double ExpiredBatchRate { get; set; }

    /// <summary>Requests inside a batch that come back as an error line (HTTP 500) in the error file.</summary>
    [Range(0, 1)]
    public double RequestErrorRate { get; set; }
}
