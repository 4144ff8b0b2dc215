using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Appliance.Runs;

/// <summary>
/// The settings that shape a run's figures, stored with it in <c>runs.configuration</c> (never a secret: the LLM key is
/// left out). The JSON keeps the flat keys runs were stored under before this record existed; their values were strings
/// ("512", "true"), which still load.
/// </summary>
[JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
public sealed record RunSettings
{
    [JsonPropertyName("scrape.concurrency")] public int ScrapeConcurrency { get; init; }

    [JsonPropertyName("scrape.max_connections_per_host")] public int MaxConnectionsPerHost { get; init; } = 4;

    [JsonPropertyName("scrape.per_host_delay_ms")] public int PerHostDelayMs { get; init; }

    [JsonPropertyName("scrape.request_timeout_ms")] public int RequestTimeoutMs { get; init; }

    [JsonPropertyName("scrape.chunk_size")] public int ScrapeChunkSize { get; init; }

    [JsonPropertyName("generate.generator")] public string? Generator { get; init; }

    [JsonPropertyName("generate.concurrency")] public int GenerateConcurrency { get; init; }

    [JsonPropertyName("generate.chunk_size")] public int GenerateChunkSize { get; init; }

    /// <summary>The LLM settings are null when the run used another generator.</summary>
    [JsonPropertyName("llm.base_url")] public string? LlmBaseUrl { get; init; }

    [JsonPropertyName("llm.model")] public string? LlmModel { get; init; }

    [JsonPropertyName("llm.requests_per_minute")] public int? LlmRequestsPerMinute { get; init; }

    [JsonPropertyName("llm.tokens_per_minute")] public int? LlmTokensPerMinute { get; init; }

    /// <summary>The account's limits as the run's pacer knew them by its end (<c>headers</c>, <c>config</c> or <c>none</c>), added when the run finished.</summary>
    [JsonPropertyName("llm.limits_source")] public string? LlmLimitsSource { get; init; }

    [JsonPropertyName("llm.limit_requests_per_minute")] public int? LlmLimitRequestsPerMinute { get; init; }

    [JsonPropertyName("llm.limit_tokens_per_minute")] public int? LlmLimitTokensPerMinute { get; init; }

    /// <summary>Workers per queue, as "file_processing 2, scraping 32, ai_processing 16".</summary>
    [JsonPropertyName("jobs.workers")] public string? JobsWorkers { get; init; }

    [JsonPropertyName("lab.web"), JsonConverter(typeof(LenientBool))] public bool LabWeb { get; init; }

    [JsonPropertyName("lab.llm"), JsonConverter(typeof(LenientBool))] public bool LabLlm { get; init; }

    /// <summary>Each setting under its configuration key (<c>Scrape:Concurrency</c>), as the report lists them; unset ones left out.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> ByKey()
    {
        static string I(int v) => v.ToString(CultureInfo.InvariantCulture);
        var pairs = new List<KeyValuePair<string, string>>
        {
            new("Scrape:Concurrency", I(ScrapeConcurrency)),
            new("Scrape:MaxConnectionsPerHost", I(MaxConnectionsPerHost)),
            new("Scrape:PerHostDelayMs", I(PerHostDelayMs)),
            new("Scrape:RequestTimeoutMs", I(RequestTimeoutMs)),
            new("Scrape:ChunkSize", I(ScrapeChunkSize)),
            new("Generate:Generator", Generator ?? ""),
            new("Generate:Concurrency", I(GenerateConcurrency)),
            new("Generate:ChunkSize", I(GenerateChunkSize)),
        };
        if (LlmBaseUrl is not null)
        {
            pairs.Add(new("Llm:BaseUrl", LlmBaseUrl));
        }

        if (LlmModel is not null)
        {
            pairs.Add(new("Llm:Model", LlmModel));
        }

        if (LlmRequestsPerMinute is { } rpm)
        {
            pairs.Add(new("Llm:RequestsPerMinute", rpm == 0 ? "0 (no limit)" : I(rpm)));
        }

        if (LlmTokensPerMinute is { } tpm)
        {
            pairs.Add(new("Llm:TokensPerMinute", tpm == 0 ? "0 (no limit)" : I(tpm)));
        }

        if (JobsWorkers is not null)
        {
            pairs.Add(new("Hangfire workers per queue", JobsWorkers));
        }

        return pairs;
    }

    /// <summary>true/false, or the strings "true"/"false" runs stored before were written with.</summary>
    private sealed class LenientBool : JsonConverter<bool>
    {
        public override bool Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
        {
            JsonTokenType.True => true,
            JsonTokenType.False => false,
            JsonTokenType.String when bool.TryParse(reader.GetString(), out var b) => b,
            _ => throw new JsonException($"expected true or false, found {reader.TokenType}"),
        };

        public override void Write(Utf8JsonWriter writer, bool value, JsonSerializerOptions options) => writer.WriteBooleanValue(value);
    }
}
