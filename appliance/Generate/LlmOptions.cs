using System.ComponentModel.DataAnnotations;

namespace Appliance.Generate;

/// <summary>The OpenAI-compatible endpoint (OpenAI, vLLM, Ollama, llama.cpp server), bound from the <c>Llm</c> section.</summary>
public sealed class LlmOptions
{
    public const string Section = "Llm";

    /// <summary>e.g. <c>https://api.openai.com/v1</c> or <c>http://127.0.0.1:8089/v1</c>.</summary>
    public string? BaseUrl { get; set; }

    public string Model { get; set; } = "gpt-4o-mini";

    /// <summary>From the environment (<c>APPLIANCE_Llm__ApiKey</c>) or <c>$CREDENTIALS_DIRECTORY/llm-api-key</c>; never logged.</summary>
    public string? ApiKey { get; set; }

    [Range(0, 1_000_000)]
    public int RequestsPerMinute { get; set; }

    [Range(0, 100_000_000)]
    public int TokensPerMinute { get; set; }

    [Range(1, 32_000)]
    public int MaxOutputTokens { get; set; } = 200;

    [Range(0.0, 2.0)]
    public double Temperature { get; set; } = 0.7;

    [Range(1, 600)]
    public int RequestTimeoutSeconds { get; set; } = 60;

    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>Price per million prompt tokens, for the report's cost line; unset = no cost shown.</summary>
    [Range(0.0, 1_000_000.0)]
    public double? PromptPricePerMillion { get; set; }

    /// <summary>Price per million completion tokens.</summary>
    [Range(0.0, 1_000_000.0)]
    public double? CompletionPricePerMillion { get; set; }

    public string Currency { get; set; } = "USD";
}
