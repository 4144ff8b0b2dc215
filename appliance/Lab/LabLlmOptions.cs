using System.ComponentModel.DataAnnotations;

namespace Appliance.Lab;

/// <summary>
/// The lab's simulated OpenAI-compatible LLM, bound from <c>Lab:Llm</c>. Timing is per request
/// (a lone request and the 512th in flight take the same time), so concurrency scales until the
/// optional rate limits bite. Error rates are fractions of requests, drawn per request.
/// </summary>
public sealed class LabLlmOptions : IValidatableObject
{
    /// <summary>The model <c>/v1/models</c> lists; completions accept any model id and echo it.</summary>
    public const string Model = "lab-model";

    [Range(0, 600_000)]
    public double TimeToFirstTokenMs { get; set; } = 300;

    /// <summary>Output speed of one request, independent of how many are in flight.</summary>
    [Range(0.001, 1e9)]
    public double TokensPerSecond { get; set; } = 50;

    /// <summary>Typical completion length; each prompt gets its own length within ±20% of it, capped by max_tokens.</summary>
    [Range(1, 100_000)]
    public int OutputTokens { get; set; } = 120;

    /// <summary>0 = no limit. Bursts of up to 10 seconds' worth pass; more is answered 429.</summary>
    [Range(0, 100_000_000)]
    public int RequestsPerMinute { get; set; }

    /// <summary>0 = no limit. Charged prompt tokens plus max_tokens (120 when not given) per request, as providers do.</summary>
    [Range(0, 1_000_000_000)]
    public int TokensPerMinute { get; set; }

    /// <summary>Requests answered HTTP 500 at once.</summary>
    [Range(0, 1)] public double ServerErrorRate { get; set; }

    /// <summary>Requests never answered: they wait until the client gives up.</summary>
    [Range(0, 1)] public double TimeoutRate { get; set; }

    /// <summary>Requests answered 200 with a truncated JSON body.</summary>
    [Range(0, 1)] public double MalformedJsonRate { get; set; }

    /// <summary>The batch API under <c>/v1/files</c> and <c>/v1/batches</c> (<c>Lab:Llm:Batch</c>).</summary>
    public LabLlmBatchOptions Batch { get; set; } = new();

    /// <summary>When the token at <paramref name="index"/> is ready, counted from the request's arrival.</summary>
    internal TimeSpan TokenDue(int index) => TimeSpan.FromMilliseconds(TimeToFirstTokenMs) + TimeSpan.FromSeconds(index / TokensPerSecond);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ServerErrorRate + TimeoutRate + MalformedJsonRate > 1 + 1e-9)
        {
            yield return new ValidationResult("The lab LLM's error rates add up to more than 1.", [nameof(ServerErrorRate)]);
        }

        var batch = new List<ValidationResult>();
        Validator.TryValidateObject(Batch, new ValidationContext(Batch), batch, validateAllProperties: true);
        foreach (var result in batch)
        {
            yield return new ValidationResult("Batch: " + result.ErrorMessage, result.MemberNames.Select(m => $"{nameof(Batch)}.{m}"));
        }
    }
}
