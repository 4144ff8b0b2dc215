using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Appliance.Runs;

namespace Appliance.Cli;

/// <summary>
/// <c>appliance run --file FILE | --lab-rows N</c>: a measured run — the file through all three stages of the
/// daemon's pipeline (in this process) while the sample recorder writes one row a second; stored in <c>runs</c>.
/// </summary>
public static class RunCommand
{
    private static readonly string[] Stages = ["Ingest  ", "Scrape  ", "Generate"];

    public static Command Create()
    {
        var file = new Option<FileInfo?>("--file") { Description = "A leads file (CSV or XLSX) to run" };
        var labRows = new Option<int?>("--lab-rows") { Description = "Run N synthetic leads against the lab's web instead of a file" };
        var generator = GeneratorOption();
        var concurrency = ConcurrencyOption();
        var json = new Option<bool>("--json") { Description = "Print the result as one JSON object on stdout" };
        var seed = new Option<int>("--seed") { Description = "Seed of the lab leads file", DefaultValueFactory = _ => 42 };
        var command = new Command("run", "Push a file (or N lab leads) through ingest → scrape → generate, measure every stage, store the run")
        {
            file, labRows, generator, concurrency, json, seed,
        };
        command.Validators.Add(r =>
        {
            if ((r.GetValue(file) is null) == (r.GetValue(labRows) is null))
            {
                r.AddError("give either --file FILE or --lab-rows N");
            }
        });
        command.SetAction(async (parse, ct) =>
        {
            var (s, g) = ParseConcurrency(parse.GetValue(concurrency));
            var lab = parse.GetValue(labRows);
            await using var session = await RunSession.StartAsync(new RunSessionOptions
            {
                Generator = parse.GetValue(generator),
                ScrapeConcurrency = s,
                GenerateConcurrency = g,
                LabWeb = lab is not null,
            }, ct);
            var request = lab is { } n
                ? new RunRequest(session.WriteLabLeads(n, parse.GetValue(seed)), $"lab:{n.ToString(CultureInfo.InvariantCulture)}", LabWeb: true, session.LabLlm)
                : new RunRequest(parse.GetValue(file)!.FullName, parse.GetValue(file)!.Name, LabWeb: false, session.LabLlm);
            var summary = await ExecuteAsync(session, request, ct);
            if (parse.GetValue(json))
            {
                Console.WriteLine(ToJson(summary).ToJsonString());
            }
            else
            {
                PrintSummary(summary);
            }

            return 0;
        });
        return command;
    }

    public static Option<string?> GeneratorOption() => CliOptions.Generator(
        "template, llm (the configured Llm endpoint; also openai) or lab (the lab's simulated LLM); default: lab with --lab-rows, else Generate:Generator");

    public static Option<string?> ConcurrencyOption() => new("--concurrency")
    {
        Description = "S,G: fetches and messages in flight (Scrape:Concurrency, Generate:Concurrency); one number sets both",
    };

    public static (int? Scrape, int? Generate) ParseConcurrency(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return (null, null);
        }

        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        int Parse(string p) => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0
            ? v : throw new CliUsageException($"--concurrency: '{p}' is not a positive whole number");
        return parts.Length switch
        {
            1 => (Parse(parts[0]), Parse(parts[0])),
            2 => (Parse(parts[0]), Parse(parts[1])),
            _ => throw new CliUsageException("--concurrency takes S,G (two numbers) or one number"),
        };
    }

    /// <summary>The run with a progress bar per stage.</summary>
    public static Task<RunSummary> ExecuteAsync(RunSession session, RunRequest request, CancellationToken ct) =>
        CliConsole.WithStagesAsync(Stages, async bars =>
        {
            var executor = session.Get<RunExecutor>();
            return await executor.RunAsync(request, new InlineProgress(p =>
            {
                var rows = Math.Max(1, p.Rows);
                bars.Report((0, p.State is "ingested" or "failed" ? 1 : 0.5, p.State == "ingested" ? Plural.Of(p.Rows, "row") : p.State));
                bars.Report((1, p.State == "ingested" ? (double)p.Scraped / rows : 0, $"{p.Scraped:N0}"));
                bars.Report((2, p.State == "ingested" ? (double)p.Generated / rows : 0, $"{p.Generated:N0}"));
            }), ct);
        });

    public static JsonObject ToJson(RunSummary s)
    {
        var o = new JsonObject
        {
            ["run_id"] = s.RunId,
            ["upload_id"] = s.UploadId,
            ["rows"] = s.Rows,
            ["rejected"] = s.Rejected,
            ["seconds"] = s.Seconds,
        };
        foreach (var stage in new[] { s.Ingest, s.Scrape, s.Generate })
        {
            o[stage.Stage] = new JsonObject
            {
                ["rows_per_minute"] = stage.RowsPerMinute,
                ["seconds"] = Math.Round(stage.Seconds, 3),
                ["items"] = stage.Items,
                ["outcomes"] = JsonSerializer.SerializeToNode(stage.Outcomes),
            };
        }

        o["summary"] = JsonSerializer.SerializeToNode(s, RunStore.Json);
        return o;
    }

    public static void PrintSummary(RunSummary s)
    {
        Console.WriteLine($"Run {s.RunId} ({s.Source}): {Plural.Of(s.Rows, "row")} ({s.Rejected:N0} rejected) in {s.Seconds:0.0} s");
        foreach (var stage in new[] { s.Ingest, s.Scrape, s.Generate })
        {
            var outcomes = string.Join(", ", stage.Outcomes.Select(o => $"{o.Key} {o.Value:N0}"));
            Console.WriteLine($"  {stage.Stage,-9}{stage.RowsPerMinute,12:N0} rows/min  {stage.Seconds,7:0.0} s  {outcomes}");
        }

        var r = s.Resources;
        Console.WriteLine($"  cost: {r.CpuSeconds:0.0} CPU s, peak RSS {r.PeakRssBytes / 1e6:0} MB, database +{(r.TableBytes + r.IndexBytes) / 1e6:0.0} MB, downloaded {r.DownloadedBytes / 1e6:0.0} MB, tokens {r.PromptTokens + r.CompletionTokens:N0}");
    }

    private sealed class InlineProgress(Action<RunProgress> report) : IProgress<RunProgress>
    {
        public void Report(RunProgress value) => report(value);
    }
}
