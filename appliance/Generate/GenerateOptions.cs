using System.ComponentModel.DataAnnotations;

namespace Appliance.Generate;

/// <summary>Settings of the generate stage, bound from the <c>Generate</c> configuration section.</summary>
public sealed class GenerateOptions
{
    public const string Section = "Generate";

    /// <summary><c>template</c> (the embedded default, no LLM) or <c>llm</c> (the <c>Llm</c> section's endpoint).</summary>
    [RegularExpression("^(template|llm)$", ErrorMessage = "Generate:Generator must be 'template' or 'llm'")]
    public string Generator { get; set; } = "template";

    /// <summary>
    /// With the <c>llm</c> generator: <c>realtime</c> (one chat call per lead, paced to the account's limits) or
    /// <c>batch</c> (the provider's batch API through <see cref="BatchGenerationRoute"/>: about half the price, hours not minutes).
    /// </summary>
    [RegularExpression("^(realtime|batch)$", ErrorMessage = "Generate:Mode must be 'realtime' or 'batch'")]
    public string Mode { get; set; } = "realtime";

    /// <summary>Messages go through the provider's batch API: the <c>llm</c> generator in <c>batch</c> mode.</summary>
    public bool UsesBatch => Generator == LlmGenerator.Name && Mode == "batch";

    /// <summary>Messages being generated at once in this process.</summary>
    [Range(1, 10_000)]
    public int Concurrency { get; set; } = 64;

    [Range(1, 100_000)]
    public int ChunkSize { get; set; } = 1000;

    /// <summary>A prompt template file; the built-in one when unset. Placeholders: <see cref="PromptTemplate.Placeholders"/>.</summary>
    public string? PromptTemplateFile { get; set; }

    /// <summary>How long a row waits for an endpoint that is down before it fails with <c>endpoint_down</c>.</summary>
    [Range(0, 24 * 60)]
    public int MaxWaitMinutes { get; set; } = 30;
}
