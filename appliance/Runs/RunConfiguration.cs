using System.Globalization;
using Appliance.Generate;
using Appliance.Scrape;
using Microsoft.Extensions.Options;

namespace Appliance.Runs;

/// <summary>The settings that shape a run's figures, as stored with it (never a secret: the LLM key is left out).</summary>
public sealed class RunConfiguration(IOptions<ScrapeOptions> scrape, IOptions<GenerateOptions> generate, IOptions<LlmOptions> llm)
{
    public int ScrapeConcurrency => scrape.Value.Concurrency;

    public int GenerateConcurrency => generate.Value.Concurrency;

    public IReadOnlyDictionary<string, string?> Capture(RunRequest request)
    {
        string I(int v) => v.ToString(CultureInfo.InvariantCulture);
        var s = scrape.Value;
        var g = generate.Value;
        var l = llm.Value;
        var llmUsed = g.Generator == "llm";
        return new SortedDictionary<string, string?>(StringComparer.Ordinal)
        {
            ["scrape.concurrency"] = I(s.Concurrency),
            ["scrape.max_connections_per_host"] = I(s.MaxConnectionsPerHost),
            ["scrape.per_host_delay_ms"] = I(s.PerHostDelayMs),
            ["scrape.request_timeout_ms"] = I(s.RequestTimeoutMs),
            ["scrape.chunk_size"] = I(s.ChunkSize),
            ["generate.generator"] = g.Generator,
            ["generate.concurrency"] = I(g.Concurrency),
            ["generate.chunk_size"] = I(g.ChunkSize),
            ["llm.base_url"] = llmUsed ? l.BaseUrl : null,
            ["llm.model"] = llmUsed ? l.Model : null,
            ["llm.requests_per_minute"] = llmUsed ? I(l.RequestsPerMinute) : null,
            ["llm.tokens_per_minute"] = llmUsed ? I(l.TokensPerMinute) : null,
            ["jobs.workers"] = string.Join(", ", Pipeline.Queues.Workers.Select(w => $"{w.Key} {I(w.Value)}")),
            ["lab.web"] = request.LabWeb ? "true" : "false",
            ["lab.llm"] = request.LabLlm && llmUsed ? "true" : "false",
        };
    }
}
