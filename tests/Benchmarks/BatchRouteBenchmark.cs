using System.CommandLine;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Appliance.Cli;
using Appliance.Generate;
using Appliance.Ingest;
using Appliance.Lab;
using Appliance.Pipeline;
using Appliance.Storage;
using Dapper;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Appliance.Benchmarks;

/// <summary>
/// N lab leads through <see cref="BatchGenerationRoute"/> against the lab's batch API: files split under the
/// per-batch and enqueued-token limits, batches with a drawn turnaround, 1% of requests failing and 10% of batches
/// expiring (so resubmission runs), a stop and a fresh route part-way (a daemon restart), and every message stored
/// with the pipeline's own write. Checks: one message per lead, and the lab billed each request once.
/// </summary>
public static class BatchRouteBenchmark
{
    public static Command Create()
    {
        var rows = new Option<int>("--rows") { Description = "Leads", DefaultValueFactory = _ => 50_000 };
        var restart = new Option<double>("--restart-after-seconds") { Description = "Stop the route this long after its first batch was created and resume with a new one (0: never)", DefaultValueFactory = _ => 5 };
        var jsonOut = new Option<FileInfo?>("--json-out") { Description = "Also write the figures to this file" };
        var command = new Command("batch-route", "N lab messages by the provider batch route, with a restart part-way") { rows, restart, jsonOut };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(rows), parse.GetValue(restart), parse.GetValue(jsonOut), ct));
        return command;
    }

    private static async Task<int> RunAsync(int rows, double restartAfter, FileInfo? jsonOut, CancellationToken ct)
    {
        var work = Path.Combine(Path.GetTempPath(), $"appliance-batch-bench-{Environment.ProcessId}");
        using var loggers = ApplianceConfiguration.CliLoggers(new ConfigurationBuilder().Build());
        try
        {
            Directory.CreateDirectory(work);
            await using var postgres = await BundledPostgres.StartAsync(Path.Combine(work, "state"), loggers.CreateLogger("bench"), ct: ct);
            await using var db = NpgsqlDataSource.Create(postgres.ConnectionString());
            await Migrator.ApplyAsync(db, loggers.CreateLogger("bench"), ct);
            var labOptions = new LabOptions
            {
                Port = 0,
                Llm = { Batch = { ValidatingSeconds = 0.5, TurnaroundMedianSeconds = 4, TurnaroundSigma = 0.5, FinalizingSeconds = 0.5, CompletionWindowSeconds = 20,
                    RequestErrorRate = 0.01, ExpiredBatchRate = 0.1, EnqueuedTokenLimit = 4_000_000, MaxRequestsPerBatch = 10_000 } },
            };
            await using var lab = await LabServer.StartAsync(labOptions, ct);
            var llm = new LlmOptions { BaseUrl = lab.LlmBaseUrl, ApiKey = "x", Model = "lab-model" };
            var batch = new LlmBatchOptions { PollSeconds = 0.5, MaxResubmissions = 3, MaxRequestsPerBatch = 10_000, EnqueuedTokenLimit = 4_000_000 };
            var states = new LeadStates(db, new DatabaseRetry(NullLogger<DatabaseRetry>.Instance, TimeProvider.System));

            var clock = Stopwatch.StartNew();
            var upload = await GenerateStageBenchmark.ScrapedUploadAsync(db, work, rows, ct, failedEvery: 0);
            var range = (await states.PendingGenerateAsync(upload, rows + 1, ct)).Single();
            var leads = (await states.ClaimGenerateAsync(upload, range, "bench", ct)).Select(c => c.Lead).ToList();
            var prepared = clock.Elapsed.TotalSeconds;
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;

            BatchGenerationRoute Route() => new(new LlmBatchStore(db), new LlmBatchApi(LlmBatchApi.CreateHttpClient(llm)), llm, batch, PromptTemplate.Default(),
                TimeProvider.System, loggers.CreateLogger<BatchGenerationRoute>());
            var routeClock = Stopwatch.StartNew();
            var restarted = false;
            long billedAtRestart = 0;
            if (restartAfter > 0)
            {
                using var stop = new CancellationTokenSource();
                var watcher = Task.Run(async () =>
                {
                    while (lab.LlmStats.BatchesCreated == 0)
                    {
                        await Task.Delay(50, ct);
                    }

                    await Task.Delay(TimeSpan.FromSeconds(restartAfter), ct);
                    await stop.CancelAsync();
                }, ct);
                try
                {
                    await Route().RunAsync(leads, stop.Token);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    restarted = true;
                    billedAtRestart = lab.LlmStats.BatchRequestsBilled;
                    Console.WriteLine($"Stopped the route {restartAfter} s after its first batch: {lab.LlmStats.BatchesCreated} batches created, {lab.LlmStats.BatchRequestsBilled} requests billed so far");
                }

                await watcher;
            }

            var outcomes = await Route().RunAsync(leads, ct);
            var routeSeconds = routeClock.Elapsed.TotalSeconds;
            var done = outcomes.Where(o => o.Message is not null).ToList();
            var byId = leads.ToDictionary(l => l.WebsiteId);
            var saveClock = Stopwatch.StartNew();
            foreach (var part in done.Chunk(1000))
            {
                await states.SaveMessagesAsync(upload, [.. part.Select(o => (byId[o.WebsiteId], o.Message!))], ct);
            }

            await states.FailGenerateAsync([.. outcomes.Where(o => o.Message is null).Select(o => (o.WebsiteId, o.Failure!))], ct);
            var saveSeconds = saveClock.Elapsed.TotalSeconds;
            var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds; // lab and route share this process

            await using var conn = await db.OpenConnectionAsync(ct);
            var stored = await conn.QuerySingleAsync<(long Messages, long Distinct)>(new CommandDefinition(
                "SELECT count(*), count(DISTINCT website_id) FROM messages WHERE file_upload_id = @upload", new { upload }, cancellationToken: ct));
            var tables = await conn.QuerySingleAsync<(long Batches, long Resubmitted, long Failed)>(new CommandDefinition("""
                SELECT (SELECT count(*) FROM llm_batches WHERE batch_id IS NOT NULL), (SELECT count(*) FROM llm_batch_items WHERE attempts > 1),
                       (SELECT count(*) FROM llm_batch_items WHERE state = 'failed')
                """, cancellationToken: ct));
            var report = new JsonObject
            {
                ["date"] = DateTime.UtcNow.ToString("u"),
                ["load_at_end"] = File.ReadAllText("/proc/loadavg").Trim(),
                ["leads"] = rows,
                ["prepare_seconds"] = Math.Round(prepared, 1),
                ["route_seconds"] = Math.Round(routeSeconds, 1),
                ["save_seconds"] = Math.Round(saveSeconds, 2),
                ["restarted"] = restarted,
                ["billed_before_restart"] = billedAtRestart,
                ["messages"] = done.Count,
                ["failed"] = outcomes.Count - done.Count,
                ["stored_messages"] = stored.Messages,
                ["stored_distinct_websites"] = stored.Distinct,
                ["lab_batches_created"] = lab.LlmStats.BatchesCreated,
                ["batches_in_table"] = tables.Batches,
                ["lab_requests_billed"] = lab.LlmStats.BatchRequestsBilled,
                ["leads_resubmitted"] = tables.Resubmitted,
                ["cpu_seconds_route_and_lab"] = Math.Round(cpuSeconds, 1),
                ["once_each"] = stored.Messages == stored.Distinct && lab.LlmStats.BatchRequestsBilled == done.Count,
            };
            Console.WriteLine(report.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            if (jsonOut is not null)
            {
                await File.WriteAllTextAsync(jsonOut.FullName, report.ToJsonString(), ct);
            }

            return stored.Messages == stored.Distinct && stored.Messages == done.Count ? 0 : 1;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
