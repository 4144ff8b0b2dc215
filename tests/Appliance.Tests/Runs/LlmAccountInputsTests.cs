using Appliance.Generate;
using Appliance.Ingest;
using Appliance.Runs;
using Appliance.Tests.Support;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Appliance.Tests.Runs;

/// <summary>The LLM plan's inputs read back from PostgreSQL: a run's messages, its stored limits, measured batches.</summary>
public sealed class LlmAccountInputsTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    private async Task<long> UploadWithMessagesAsync(int rows, Func<int, (string Generator, int Prompt, int Completion, int LatencyMs)> message)
    {
        using var dir = new TempDirectory();
        var path = dir.Write("leads.csv", "website,company\n" + string.Concat(Enumerable.Range(0, rows).Select(i => $"site{i}.example,Company {i}\n")));
        var ingestor = new UploadIngestor(db.DataSource, Options.Create(new IngestOptions()), NullLogger<UploadIngestor>.Instance);
        var id = await ingestor.RegisterAsync("leads.csv", 1, path);
        await ingestor.IngestAsync(id, path);
        await using var conn = await db.DataSource.OpenConnectionAsync();
        var sites = (await conn.QueryAsync<long>("SELECT id FROM websites WHERE file_upload_id = @id ORDER BY id", new { id })).ToList();
        for (var i = 0; i < sites.Count; i++)
        {
            var (generator, prompt, completion, latency) = message(i);
            await conn.ExecuteAsync("""
                INSERT INTO messages (website_id, file_upload_id, body, generator, model, from_site, prompt_tokens, completion_tokens, latency_ms)
                VALUES (@site, @id, 'Hello', @generator, 'm', true, @prompt, @completion, @latency)
                """, new { site = sites[i], id, generator, prompt, completion, latency });
        }

        return id;
    }

    [Fact]
    public async Task Plan_ReadsTokensAndLatency_AndTheLimitsTheRunLearnedFromHeaders()
    {
        // 100 messages: prompts 300…399 tokens, 120 completion tokens; real-time latency 2 s, batch ones not counted for latency.
        var upload = await UploadWithMessagesAsync(100, i => (i < 90 ? "llm" : "llm-batch", 300 + i, 120, i < 90 ? 2000 : 3_600_000));
        var inputs = new LlmAccountInputs(db.DataSource, new LlmOptions { MaxOutputTokens = 200 }, new LlmBatchOptions());
        var stored = Stored(RunExecutor.LlmLimitsEntries(new LlmLimitsSnapshot(500, 200_000, LlmLimitsSnapshot.Headers, null, null)));

        var (plan, reason) = await inputs.PlanAsync(1, upload, stored, 64, 500_000, null, null, CancellationToken.None);

        Assert.Null(reason);
        Assert.Equal((100L, 349.5, 120.0, 2.0), (plan!.PerMessage.Messages, plan.PerMessage.PromptP50, plan.PerMessage.CompletionP50, plan.PerMessage.LatencyP50Seconds));
        Assert.Equal((500, 200_000, "headers"), (plan.Limits.RequestsPerMinute, plan.Limits.TokensPerMinute, plan.Limits.Source));
        Assert.Equal("TPM", plan.Realtime.Binding);
        Assert.Contains("assumed, not measured", plan.Batch.Basis, StringComparison.Ordinal);
        Assert.Null(plan.Realtime.Cost);
    }

    [Fact]
    public async Task WhatIfAndConfiguration_OverrideTheStoredLimits_AndAPriceGivesACost()
    {
        var upload = await UploadWithMessagesAsync(10, _ => ("llm", 350, 200, 1500));
        var stored = Stored(RunExecutor.LlmLimitsEntries(new LlmLimitsSnapshot(500, 200_000, LlmLimitsSnapshot.Headers, null, null)));
        var configured = new LlmAccountInputs(db.DataSource, new LlmOptions { RequestsPerMinute = 10_000, PromptPricePerMillion = 0.15, CompletionPricePerMillion = 0.6 }, new LlmBatchOptions());

        var (fromConfig, _) = await configured.PlanAsync(1, upload, stored, 64, 1000, null, null, CancellationToken.None);
        var (whatIf, _) = await configured.PlanAsync(1, upload, stored, 64, 1000, null, 2_000_000, CancellationToken.None);

        Assert.Equal((10_000, (int?)null, "config"), (fromConfig!.Limits.RequestsPerMinute, fromConfig.Limits.TokensPerMinute, fromConfig.Limits.Source));
        Assert.Equal((10_000, 2_000_000), (whatIf!.Limits.RequestsPerMinute!.Value, whatIf.Limits.TokensPerMinute!.Value));
        Assert.Equal(1000 * ((350 * 0.15) + (200 * 0.6)) / 1e6, fromConfig.Realtime.Cost!.Value, 9);
    }

    [Fact]
    public async Task ATemplateRun_HasNoPlan_AndSaysWhy()
    {
        var upload = await UploadWithMessagesAsync(3, _ => ("template", 0, 0, 0));
        var inputs = new LlmAccountInputs(db.DataSource, new LlmOptions(), new LlmBatchOptions());

        var (plan, reason) = await inputs.PlanAsync(7, upload, new RunSettings(), 64, 1000, null, null, CancellationToken.None);

        Assert.Null(plan);
        Assert.Contains("no message through an LLM", reason, StringComparison.Ordinal);
    }

    /// <summary>The entries as a run stores them (merged into its configuration's JSON) and reads them back, typed.</summary>
    private static RunSettings Stored(IReadOnlyDictionary<string, string?> entries) =>
        System.Text.Json.JsonSerializer.Deserialize<RunSettings>(System.Text.Json.JsonSerializer.Serialize(entries), RunStore.Json)!;
}
