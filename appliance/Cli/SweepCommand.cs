using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Appliance.Runs;

namespace Appliance.Cli;

/// <summary><c>appliance sweep --stage scrape|generate --levels 8,16,…</c>: a stage's throughput at each concurrency level, on the lab.</summary>
public static class SweepCommand
{
    public static readonly int[] DefaultLevels = [8, 16, 32, 64, 128, 256, 512];

    public static Command Create()
    {
        var stage = new Option<string>("--stage") { Description = "scrape or generate", Required = true };
        stage.AcceptOnlyFromAmong("scrape", "generate");
        var levels = new Option<string>("--levels") { Description = "Concurrency levels, comma-separated (at least 6 for a scalability fit)", DefaultValueFactory = _ => string.Join(',', DefaultLevels) };
        var seconds = new Option<double>("--seconds") { Description = "Measured seconds per level, after a 2 s warm-up", DefaultValueFactory = _ => 20 };
        var generator = RunCommand.GeneratorOption();
        var json = new Option<bool>("--json") { Description = "Print the result as one JSON object on stdout" };
        var command = new Command("sweep", "Measure a stage's steady-state throughput at several concurrency levels on the lab and store the points")
        {
            stage, levels, seconds, generator, json,
        };
        command.SetAction(async (parse, ct) =>
        {
            var list = ParseLevels(parse.GetValue(levels)!);
            await using var session = await RunSession.StartAsync(new RunSessionOptions
            {
                Generator = parse.GetValue(generator),
                LabWeb = true,
                ScrapeConcurrency = list.Max(),
                GenerateConcurrency = list.Max(),
            }, ct);
            var (runId, points) = await ExecuteAsync(session, new SweepRequest(parse.GetValue(stage)!, list, parse.GetValue(seconds)), ct);
            if (parse.GetValue(json))
            {
                Console.WriteLine(new JsonObject
                {
                    ["run_id"] = runId,
                    ["stage"] = parse.GetValue(stage),
                    ["points"] = new JsonArray([.. points.Select(p => (JsonNode)new JsonObject
                    {
                        ["concurrency"] = p.Concurrency, ["throughput_per_second"] = p.Throughput, ["items"] = p.Items, ["seconds"] = p.Seconds,
                    })]),
                }.ToJsonString());
            }
            else
            {
                Console.WriteLine($"Sweep {runId} ({parse.GetValue(stage)}):");
                foreach (var p in points)
                {
                    Console.WriteLine($"  {p.Concurrency,5} in flight  {p.Throughput,9:0.0}/s  {p.Throughput * 60,10:N0}/min");
                }
            }

            return 0;
        });
        return command;
    }

    public static IReadOnlyList<int> ParseLevels(string text)
    {
        var levels = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0
                ? v : throw new CliUsageException($"--levels: '{p}' is not a positive whole number"))
            .Distinct().Order().ToArray();
        return levels.Length > 0 ? levels : throw new CliUsageException("--levels: give at least one level");
    }

    /// <summary>The sweep with a progress bar per level.</summary>
    public static Task<(long RunId, IReadOnlyList<SweepPoint> Points)> ExecuteAsync(RunSession session, SweepRequest request, CancellationToken ct, long? scrapedUpload = null) =>
        CliConsole.WithStagesAsync([.. request.Levels.Select(l => $"{request.Stage} at {l,3}")], bars =>
            session.Get<SweepRunner>().RunAsync(request,
                new RunRequest("", "lab", LabWeb: true, session.LabLlm),
                (rows, index) => session.WriteLabLeads(rows, seed: 1000 + index, withBadRows: false, firstSite: 100_000 + index * 50_000),
                new InlineProgress(p => bars.Report((p.Level, p.Fraction, ""))), ct, scrapedUpload));

    private sealed class InlineProgress(Action<(int Level, double Fraction)> report) : IProgress<(int Level, double Fraction)>
    {
        public void Report((int Level, double Fraction) value) => report(value);
    }
}
