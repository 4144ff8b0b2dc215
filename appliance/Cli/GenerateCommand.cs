using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Appliance.Generate;
using Appliance.Pipeline;

namespace Appliance.Cli;

/// <summary><c>appliance generate --upload ID</c>: write the messages of an upload's scraped leads in this process.</summary>
public static class GenerateCommand
{
    public static Command Create()
    {
        var upload = new Option<long>("--upload") { Description = "Upload id", Required = true };
        var json = new Option<bool>("--json") { Description = "Print the result as one JSON object on stdout" };
        var generator = CliOptions.Generator("template or llm (the configured Llm endpoint; also openai) (Generate:Generator)", lab: false);
        var concurrency = new Option<int?>("--concurrency") { Description = "Messages in flight (Generate:Concurrency)" };
        var command = new Command("generate", "Write a personalised message for each scraped lead of an upload") { upload, json, generator, concurrency };
        command.SetAction(async (parse, ct) =>
        {
            var overrides = new Dictionary<string, string?>();
            if (parse.GetValue(generator) is { } g)
            {
                overrides["Generate:Generator"] = g == "openai" ? "llm" : g;
            }

            if (parse.GetValue(concurrency) is { } c)
            {
                overrides["Generate:Concurrency"] = c.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            await using var services = await ApplianceServices.OpenAsync(overrides, ct);
            var summary = await RunAsync(services, parse.GetValue(upload), ct);
            Console.WriteLine(parse.GetValue(json)
                ? ProcessStats.WithCost(JsonSerializer.SerializeToNode(summary)!.AsObject()).ToJsonString()
                : $"Upload {summary.UploadId}: {Plural.Of(summary.Generated, "message")}, {summary.Failed:N0} failed in {summary.Seconds:0.0} s ({summary.MessagesPerMinute:N0}/min, {summary.RateLimited} answered 429)");
            return 0;
        });
        return command;
    }

    public static async Task<GenerateSummary> RunAsync(ApplianceServices services, long uploadId, CancellationToken ct)
    {
        var total = (await services.Get<LeadStates>().PendingCountsAsync(uploadId, ct)).Generate;
        var clock = Stopwatch.StartNew();
        int generated = 0, failed = 0;
        await CliConsole.WithProgressAsync($"Generating messages for upload {uploadId}", progress => services.Get<StageDriver>().GenerateAsync(uploadId, r =>
        {
            var n = r.Message is null ? Interlocked.Increment(ref failed) + Volatile.Read(ref generated) : Interlocked.Increment(ref generated) + Volatile.Read(ref failed);
            progress.Report(Math.Min(1, (double)n / Math.Max(1, total)));
        }, ct));
        var seconds = clock.Elapsed.TotalSeconds;
        return new GenerateSummary(uploadId, generated, failed, Math.Round(seconds, 3),
            Math.Round((generated + failed) / Math.Max(seconds, 1e-3) * 60), services.Get<LlmPacer>().RateLimited);
    }
}
