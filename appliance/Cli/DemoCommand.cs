using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Appliance.Reports.Capacity;
using Appliance.Runs;
using Appliance.Storage;

namespace Appliance.Cli;

/// <summary>
/// <c>appliance demo</c>: the main job on embedded defaults, one command — the lab's synthetic web and simulated
/// LLM in a child process, the bundled PostgreSQL, a generated leads file pushed through ingest → scrape →
/// generate as a measured run, a short concurrency sweep of each stage, the projection for 500,000 rows, and
/// the PDF capacity report.
/// </summary>
public static class DemoCommand
{
    public static readonly int[] SweepLevels = [8, 16, 32, 64, 128, 256, 512];

    public static Command Create()
    {
        var rows = new Option<int>("--rows") { Description = "Lead rows to generate", DefaultValueFactory = _ => 10_000 };
        var output = new Option<FileInfo?>("--out") { Description = "PDF to write (default: <state>/demo/report-run-N.pdf)" };
        var json = new Option<bool>("--json") { Description = "Print run_id, pdf, seconds and the projection as one JSON object on stdout" };
        var sweepSeconds = new Option<double>("--sweep-seconds") { Description = "Measured seconds per sweep level (0 skips the sweeps)", DefaultValueFactory = _ => 3 };
        var concurrency = RunCommand.ConcurrencyOption();
        var command = new Command("demo", "The main job on embedded defaults: lab web and LLM, bundled PostgreSQL, a measured run, sweeps, 500k projection, PDF report")
        {
            rows, output, json, sweepSeconds, concurrency,
        };
        rows.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 100)
            {
                r.AddError("--rows must be at least 100");
            }
        });
        command.SetAction(async (parse, ct) =>
        {
            var (s, g) = RunCommand.ParseConcurrency(parse.GetValue(concurrency) ?? "512,512");
            return await RunAsync(parse.GetValue(rows), parse.GetValue(output)?.FullName, parse.GetValue(json), parse.GetValue(sweepSeconds), s, g, ct);
        });
        return command;
    }

    private static async Task<int> RunAsync(int rows, string? pdf, bool json, double sweepSeconds, int? scrape, int? generate, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var say = json ? Console.Error : Console.Out;
        await using var session = await RunSession.StartAsync(new RunSessionOptions
        {
            LabWeb = true, Generator = "lab", ScrapeConcurrency = scrape, GenerateConcurrency = generate,
        }, ct);
        var state = session.Get<StatePaths>().Root;
        say.WriteLine($"State directory {state}; lab web and LLM on loopback port {session.Lab!.Port} (median latency 250 ms, the default fault mix)");

        var file = session.WriteLabLeads(rows, seed: 42);
        say.WriteLine($"1. Measured run: {rows:N0} lab leads through ingest → scrape → generate (lab LLM via the OpenAI client)");
        var run = await RunCommand.ExecuteAsync(session, new RunRequest(file, $"lab:{rows.ToString(CultureInfo.InvariantCulture)}", LabWeb: true, LabLlm: true), ct);
        PrintRun(say, run);

        if (sweepSeconds > 0)
        {
            say.WriteLine($"2. Concurrency sweeps ({sweepSeconds:0.#} s a level): scrape, then generate");
            foreach (var stage in new[] { "scrape", "generate" })
            {
                var (_, points) = await SweepCommand.ExecuteAsync(session, new SweepRequest(stage, SweepLevels, sweepSeconds), ct, scrapedUpload: run.UploadId);
                say.WriteLine($"   {stage,-9}" + string.Join("  ", points.Select(p => $"{p.Concurrency}: {p.Throughput * 60:N0}/min")));
            }
        }

        var model = await session.Get<CapacityInputs>().LoadAsync(run.RunId, ct);
        var projection = CapacityProjector.Project(model.Projection, RunReport.ProjectedRows);
        say.WriteLine($"3. Projection for {projection.Rows:N0} rows: {DurationText.Format(projection.SecondsExpected)} " +
            $"(90% interval {DurationText.Format(projection.SecondsLow)} – {DurationText.Format(projection.SecondsHigh)}), bottleneck {projection.Bottleneck}" +
            (projection.RecommendedConcurrency is { } r ? $", recommended concurrency {r}" : ""));

        pdf ??= Path.Combine(state, "demo", $"report-run-{run.RunId.ToString(CultureInfo.InvariantCulture)}.pdf");
        var seconds = await ReportCommand.WriteAsync(session.Get<RunReport>(), run.RunId, null, pdf, ct);
        say.WriteLine($"4. Report: {pdf} ({new FileInfo(pdf).Length / 1024.0:N0} KB, written in {seconds:0.0} s)");
        say.WriteLine($"Done in {DurationText.Format(clock.Elapsed.TotalSeconds)}. Every figure above was measured on this machine; the websites and the LLM were the lab's.");
        if (json)
        {
            Console.WriteLine(new JsonObject
            {
                ["run_id"] = run.RunId,
                ["pdf"] = pdf,
                ["seconds"] = Math.Round(clock.Elapsed.TotalSeconds, 1),
                ["run"] = RunCommand.ToJson(run),
                ["projection"] = ProjectCommand.ToJson(run.RunId, projection),
            }.ToJsonString());
        }

        return 0;
    }

    private static void PrintRun(TextWriter say, RunSummary s)
    {
        say.WriteLine($"   {s.Rows:N0} rows ({s.Rejected:N0} rejected with row numbers and reasons) in {DurationText.Format(s.Seconds)}");
        foreach (var stage in new[] { s.Ingest, s.Scrape, s.Generate })
        {
            var outcomes = string.Join(", ", stage.Outcomes.Select(o => $"{o.Key} {o.Value:N0}"));
            say.WriteLine($"   {stage.Stage,-9}{stage.RowsPerMinute,12:N0} rows/min  {outcomes}");
            if (stage.Stage == "scrape" && stage.Seconds > 0)
            {
                say.WriteLine($"   {"",-9}{s.Shape.DistinctUrls / stage.Seconds * 60,12:N0} distinct fetches/min (HTTPS by name through the lab's DNS; repeats came from the cache)");
            }
        }
    }
}
