using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Appliance.Generate;
using Microsoft.Extensions.Options;

namespace Appliance.Cli;

/// <summary><c>appliance generate --upload ID</c>: write the messages of an upload's scraped leads in this process.</summary>
public static class GenerateCommand
{
    // As for scraping: enough chunks at once that no chunk's last leads leave the in-flight limit idle.
    private const int ChunksAtOnce = 16;

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

            await using var services = await CliServices.OpenAsync(overrides, ct);
            var summary = await RunAsync(services, parse.GetValue(upload), ct);
            Console.WriteLine(parse.GetValue(json)
                ? ProcessStats.WithCost(JsonSerializer.SerializeToNode(summary)!.AsObject()).ToJsonString()
                : $"Upload {summary.UploadId}: {Plural.Of(summary.Generated, "message")}, {summary.Failed:N0} failed in {summary.Seconds:0.0} s ({summary.MessagesPerMinute:N0}/min, {summary.RateLimited} answered 429)");
            return 0;
        });
        return command;
    }

    public static async Task<GenerateSummary> RunAsync(CliServices services, long uploadId, CancellationToken ct)
    {
        var store = services.Get<GenerateStore>();
        var ranges = await store.PendingRangesAsync(uploadId, services.Get<IOptions<GenerateOptions>>().Value.ChunkSize, ct);
        var clock = Stopwatch.StartNew();
        int generated = 0, failed = 0;
        await CliConsole.WithProgressAsync($"Generating messages for upload {uploadId}", async progress =>
        {
            var total = ranges.Count * services.Get<IOptions<GenerateOptions>>().Value.ChunkSize;
            await Parallel.ForEachAsync(ranges, new ParallelOptions { MaxDegreeOfParallelism = ChunksAtOnce, CancellationToken = ct }, async (range, token) =>
            {
                var runner = services.Get<GenerateChunkRunner>();
                runner.Finished += m =>
                {
                    var n = m is null ? Interlocked.Increment(ref failed) + Volatile.Read(ref generated) : Interlocked.Increment(ref generated) + Volatile.Read(ref failed);
                    progress.Report(Math.Min(1, (double)n / Math.Max(1, total)));
                };
                await runner.RunAsync(uploadId, range, token);
            });
            return 0;
        });
        var seconds = clock.Elapsed.TotalSeconds;
        return new GenerateSummary(uploadId, generated, failed, Math.Round(seconds, 3),
            Math.Round((generated + failed) / Math.Max(seconds, 1e-3) * 60), services.Get<LlmPacer>().RateLimited);
    }
}
