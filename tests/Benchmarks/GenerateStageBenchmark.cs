using System.CommandLine;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Appliance.Cli;
using Appliance.Ingest;
using Appliance.Lab;
using Appliance.Storage;
using Dapper;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Appliance.Benchmarks;

/// <summary>
/// The generate stage, the real <c>appliance generate --json</c> as a child process against the lab LLM
/// in this process: (1) paced under 600 requests/min and 150,000 tokens/min — share of the binding
/// limit reached and 429s; (2) no limits, concurrency 64…512 — requests/s against concurrency ÷ mean
/// latency; (3) the template generator — messages per minute and per CPU-minute.
/// </summary>
public static class GenerateStageBenchmark
{
    public static Command Create()
    {
        var seconds = new Option<int>("--paced-seconds") { Description = "How long the paced run lasts (sized by the binding limit; 0 skips it)", DefaultValueFactory = _ => 300 };
        var levels = new Option<string>("--levels") { Description = "Concurrency levels without limits", DefaultValueFactory = _ => "64,128,256,512" };
        var templateRows = new Option<int>("--template-rows") { Description = "Leads for the template generator", DefaultValueFactory = _ => 50_000 };
        var jsonOut = new Option<FileInfo?>("--json-out") { Description = "Also write the figures to this file" };
        var command = new Command("generate-stage", "The generate stage against the lab LLM: pacing, scaling, template speed") { seconds, levels, templateRows, jsonOut };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(seconds), parse.GetValue(levels)!.Split(',').Select(int.Parse).ToArray(),
            parse.GetValue(templateRows), parse.GetValue(jsonOut), ct));
        return command;
    }

    private const int Rpm = 600, Tpm = 150_000, MaxOutputTokens = 200;

    // Requests per level = concurrency × Waves: enough rounds that start-up and the last partial round weigh little.
    private const int Waves = 10;

    private static async Task<int> RunAsync(int pacedSeconds, int[] levels, int templateRows, FileInfo? jsonOut, CancellationToken ct)
    {
        var work = Path.Combine(Path.GetTempPath(), $"appliance-generate-bench-{Environment.ProcessId}");
        using var loggers = ApplianceConfiguration.CliLoggers(new ConfigurationBuilder().Build());
        var report = new JsonObject { ["date"] = DateTime.UtcNow.ToString("u") };
        try
        {
            Directory.CreateDirectory(work);
            await using var postgres = await BundledPostgres.StartAsync(Path.Combine(work, "state"), loggers.CreateLogger("bench"), ct: ct);
            await using var db = NpgsqlDataSource.Create(postgres.ConnectionString());
            await Migrator.ApplyAsync(db, loggers.CreateLogger("bench"), ct);

            // 1. Paced: size the run so it lasts about pacedSeconds at the binding limit (0 skips it).
            if (pacedSeconds > 0)
            {
                await using (var lab = await LabServer.StartAsync(new LabOptions { Port = 0, Llm = { RequestsPerMinute = Rpm, TokensPerMinute = Tpm } }, ct))
                {
                    var probe = await ScrapedUploadAsync(db, work, 1, ct);
                    var tokensPerRequest = await EstimateChargeAsync(db, probe, ct);
                    var bindingPerMinute = Math.Min(Rpm, Tpm / (double)tokensPerRequest);
                    var rows = (int)(bindingPerMinute * pacedSeconds / 60);
                    var upload = await ScrapedUploadAsync(db, work, rows, ct);
                    var run = await GenerateAsync(postgres, upload, lab.LlmBaseUrl, 256, limits: true, ct);
                    var perMinute = rows / (double)run["seconds"]! * 60;
                    report["paced"] = new JsonObject
                    {
                        ["rpm_limit"] = Rpm,
                        ["tpm_limit"] = Tpm,
                        ["tokens_charged_per_request"] = tokensPerRequest,
                        ["binding"] = Rpm <= Tpm / (double)tokensPerRequest ? "requests" : "tokens",
                        ["binding_requests_per_minute"] = Math.Round(bindingPerMinute, 1),
                        ["requests"] = lab.LlmStats.Requests,
                        ["answered_429"] = lab.LlmStats.RateLimited,
                        ["share_429_pct"] = Math.Round(100.0 * lab.LlmStats.RateLimited / Math.Max(1, lab.LlmStats.Requests), 2),
                        ["requests_per_minute"] = Math.Round(perMinute, 1),
                        ["share_of_binding_limit_pct"] = Math.Round(100 * perMinute / bindingPerMinute, 1),
                        ["run"] = run,
                    };
                    Console.WriteLine($"Paced: {perMinute:0} requests/min = {perMinute / bindingPerMinute:P1} of the binding limit ({bindingPerMinute:0}/min); 429s {lab.LlmStats.RateLimited} of {lab.LlmStats.Requests}");
                }
            }

            // 2. No limits: throughput against concurrency ÷ mean latency.
            var scaling = new JsonArray();
            await using (var lab = await LabServer.StartAsync(new LabOptions { Port = 0 }, ct))
            {
                foreach (var level in levels)
                {
                    var upload = await ScrapedUploadAsync(db, work, level * Waves, ct);
                    var run = await GenerateAsync(postgres, upload, lab.LlmBaseUrl, level, limits: false, ct);
                    var latency = await MeanLatencySecondsAsync(db, upload, ct);
                    var perSecond = level * Waves / (double)run["seconds"]!;
                    scaling.Add(new JsonObject
                    {
                        ["concurrency"] = level,
                        ["requests_per_second"] = Math.Round(perSecond, 1),
                        ["mean_latency_s"] = Math.Round(latency, 3),
                        ["ideal_per_second"] = Math.Round(level / latency, 1),
                        ["share_of_ideal_pct"] = Math.Round(100 * perSecond * latency / level, 1),
                        ["cpu_seconds"] = run["cpu_seconds"]?.DeepClone(),
                        ["peak_rss_bytes"] = run["peak_rss_bytes"]?.DeepClone(),
                    });
                    Console.WriteLine($"Concurrency {level}: {perSecond:0.0} requests/s, mean latency {latency:0.00} s, {perSecond * latency / level:P0} of concurrency ÷ latency");
                }
            }

            report["unlimited"] = scaling;

            // 3. Template generator, no endpoint at all.
            var template = await ScrapedUploadAsync(db, work, templateRows, ct);
            var tRun = await GenerateAsync(postgres, template, null, 64, limits: false, ct);
            report["template"] = new JsonObject
            {
                ["messages"] = tRun["generated"]!.DeepClone(),
                ["messages_per_minute"] = tRun["messages_per_minute"]!.DeepClone(),
                ["cpu_seconds"] = tRun["cpu_seconds"]!.DeepClone(),
                ["messages_per_cpu_minute"] = Math.Round((int)tRun["generated"]! / (double)tRun["cpu_seconds"]! * 60),
            };
            Console.WriteLine($"Template: {tRun["messages_per_minute"]} messages/min, {report["template"]!["messages_per_cpu_minute"]} per CPU-minute");

            Console.WriteLine(report.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            if (jsonOut is not null)
            {
                await File.WriteAllTextAsync(jsonOut.FullName, report.ToJsonString(), ct);
            }

            return 0;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>
    /// Leads as the scrape stage leaves them, with typical facts; every <paramref name="failedEvery"/>th row failed, from the
    /// file alone (0: none failed). Also the batch route benchmark's upload.
    /// </summary>
    internal static async Task<long> ScrapedUploadAsync(NpgsqlDataSource db, string work, int rows, CancellationToken ct, int failedEvery = 10)
    {
        var csv = Path.Combine(work, $"leads-{Guid.NewGuid():N}.csv");
        await using (var writer = new StreamWriter(csv, false, new UTF8Encoding(false)))
        {
            LeadFileGenerator.Write(writer, rows, seed: 42, withBadRows: false);
        }

        var ingestor = new UploadIngestor(db, Options.Create(new IngestOptions()), NullLogger<UploadIngestor>.Instance);
        var id = await ingestor.RegisterAsync("leads.csv", 1, csv, ct);
        await ingestor.IngestAsync(id, csv, null, ct);
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition("""
            UPDATE websites SET
                scraping_status = CASE WHEN @failedEvery > 0 AND id % @failedEvery = 0 THEN 'failed' ELSE 'done' END,
                title = company || ' | Your partner in ' || coalesce(industry, 'business'),
                description = company || ' is an experienced company offering services for customers across the region since 1990.',
                headings = ARRAY['Welcome to ' || company, 'Our services', 'Contact us'],
                text_excerpt = repeat('We help our customers with reliable service, fair prices and friendly people. ', 10)
            WHERE file_upload_id = @id
            """, new { id, failedEvery }, cancellationToken: ct));
        File.Delete(csv);
        return id;
    }

    private static async Task<int> EstimateChargeAsync(NpgsqlDataSource db, long upload, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var lead = (await conn.QueryAsync<(string? Company, string? Title)>(new CommandDefinition(
            "SELECT company, title FROM websites WHERE file_upload_id = @upload AND scraping_status = 'done' LIMIT 1", new { upload }, cancellationToken: ct))).FirstOrDefault();
        var prompt = Generate.PromptTemplate.Default().Render(new Generate.LeadFacts(1, lead.Company, "Anna Smith", "CEO", "Technology", "http://x/", "x", true,
            lead.Title, $"{lead.Company} is an experienced company offering services for customers across the region since 1990.",
            [$"Welcome to {lead.Company}", "Our services", "Contact us"], string.Concat(Enumerable.Repeat("We help our customers with reliable service, fair prices and friendly people. ", 10))));
        return Generate.LlmPacer.EstimateTokens(prompt) + MaxOutputTokens;
    }

    private static async Task<double> MeanLatencySecondsAsync(NpgsqlDataSource db, long upload, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteScalarAsync<double>(new CommandDefinition("SELECT avg(latency_ms) / 1000.0 FROM messages WHERE file_upload_id = @upload",
            new { upload }, cancellationToken: ct));
    }

    private static Task<JsonObject> GenerateAsync(BundledPostgres postgres, long upload, string? llm, int concurrency, bool limits, CancellationToken ct)
    {
        var environment = new Dictionary<string, string> { ["APPLIANCE_ConnectionStrings__Postgres"] = postgres.ConnectionString() };
        if (llm is not null)
        {
            environment["APPLIANCE_Llm__BaseUrl"] = llm;
            environment["APPLIANCE_Llm__Model"] = "lab-model";
            environment["APPLIANCE_Llm__ApiKey"] = "lab";
            environment["APPLIANCE_Llm__MaxOutputTokens"] = MaxOutputTokens.ToString();
            environment["APPLIANCE_Llm__RequestsPerMinute"] = limits ? Rpm.ToString() : "0";
            environment["APPLIANCE_Llm__TokensPerMinute"] = limits ? Tpm.ToString() : "0";
        }

        return ApplianceProcess.RunJsonAsync(
            ["generate", "--upload", upload.ToString(), "--json", "--generator", llm is null ? "template" : "llm", "--concurrency", concurrency.ToString()],
            environment, ct);
    }
}
