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

    public RunSettings Capture(RunRequest request)
    {
        var s = scrape.Value;
        var g = generate.Value;
        var l = llm.Value;
        var llmUsed = g.Generator == "llm";
        return new RunSettings
        {
            ScrapeConcurrency = s.Concurrency,
            MaxConnectionsPerHost = s.MaxConnectionsPerHost,
            PerHostDelayMs = s.PerHostDelayMs,
            RequestTimeoutMs = s.RequestTimeoutMs,
            ScrapeChunkSize = s.ChunkSize,
            Generator = g.Generator,
            GenerateConcurrency = g.Concurrency,
            GenerateChunkSize = g.ChunkSize,
            LlmBaseUrl = llmUsed ? l.BaseUrl : null,
            LlmModel = llmUsed ? l.Model : null,
            LlmRequestsPerMinute = llmUsed ? l.RequestsPerMinute : null,
            LlmTokensPerMinute = llmUsed ? l.TokensPerMinute : null,
            JobsWorkers = string.Join(", ", Pipeline.Queues.Workers.Select(w => string.Create(CultureInfo.InvariantCulture, $"{w.Key} {w.Value}"))),
            LabWeb = request.LabWeb,
            LabLlm = request.LabLlm && llmUsed,
        };
    }
}
