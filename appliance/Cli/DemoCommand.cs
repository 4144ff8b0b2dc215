using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Appliance.Reports.Capacity;
using Appliance.Reports.Report;
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
        var output = CliOptions.Out<FileInfo?>("PDF to write (default: <state>/demo/report-run-N.pdf)");
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
        say.WriteLine($"State directory {state}; lab web and LLM on loopback port {session.Lab!.Port} (lab websites answer in a median 250 ms with the default fault mix; " +
            "the lab LLM takes seconds a message: time to first token plus the reply at its token rate)");

        var file = session.WriteLabLeads(rows, seed: 42);
        say.WriteLine($"1. Measured run: {rows:N0} lab leads through ingest → scrape → generate (lab LLM via the OpenAI client)");
        var run = await RunCommand.ExecuteAsync(session, new RunRequest(file, $"lab:{rows.ToString(CultureInfo.InvariantCulture)}", LabWeb: true, LabLlm: true), ct);
        PrintRun(say, run, await session.Get<CapacityInputs>().LoadAsync(run.RunId, ct));

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
        say.WriteLine($"3. Projection for {projection.Rows:N0} rows at the run's settings: {DurationText.Format(projection.SecondsExpected)} " +
            $"(90% interval {DurationText.Format(projection.SecondsLow)} – {DurationText.Format(projection.SecondsHigh)}), bottleneck {projection.Bottleneck}");
        if (Fastest(model, projection) is { } best)
        {
            say.WriteLine($"   fastest concurrency priced: {best.Concurrency} in flight per stage, {DurationText.Format(best.Projection.SecondsExpected)} " +
                $"(90% interval {DurationText.Format(best.Projection.SecondsLow)} – {DurationText.Format(best.Projection.SecondsHigh)})");
        }

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

    /// <summary>The concurrency (both stages) with the shortest projection among the customer's 32, the fits' recommendations and the sweeps' levels.</summary>
    private static ConcurrencyProjection? Fastest(CapacityModelInputs model, ProjectionResult projection)
    {
        if (model.Scrape.Fit is null && model.Generate.Fit is null)
        {
            return null;
        }

        var levels = new SortedSet<int> { RunReport.CustomerConcurrency };
        levels.UnionWith(model.Scrape.Points.Concat(model.Generate.Points).Select(p => (int)Math.Round(p.Concurrency)));
        if (projection.RecommendedConcurrency is { } r)
        {
            levels.Add(r);
        }

        return levels.Select(n => WhatToChange.At(model.Projection, projection.Rows, n) is { } p ? new ConcurrencyProjection(n, p) : null)
            .OfType<ConcurrencyProjection>().MinBy(c => c.Projection.SecondsExpected);
    }

    /// <summary>Each stage's one rate (the model's steady rate, as in the report); ingest, over in seconds, as rows and time.</summary>
    private static void PrintRun(TextWriter say, RunSummary s, CapacityModelInputs model)
    {
        say.WriteLine($"   {s.Rows:N0} rows in {DurationText.Format(s.Seconds)}; {s.Rejected:N0} rejected, each with its row number and reason " +
            $"on the upload's page and at GET /api/uploads/{s.UploadId}/rejects");
        say.WriteLine($"   {"ingest",-9}{s.Ingest.Items,12:N0} rows in {DurationText.Format(s.Ingest.Seconds)}  " + Outcomes(s.Ingest));
        foreach (var (stage, rate) in new[] { (s.Scrape, model.Projection.Run.Scrape.Rate), (s.Generate, model.Projection.Run.Generate.Rate) })
        {
            var text = rate.HasValue ? $"{rate.PerSecond * 60,12:N0} rows/min (steady, 90% interval {rate.Low * 60:N0} – {rate.High * 60:N0})" : $"{"no steady rate",12}";
            say.WriteLine($"   {stage.Stage,-9}{text}  {Outcomes(stage)}");
            if (stage.Stage == "scrape" && stage.Seconds > 0)
            {
                // Over the same window, both counts: the steady rate above leaves out the start and the tail, so it is not comparable with these.
                say.WriteLine($"   {"",-9}{stage.Items / stage.Seconds * 60,12:N0} rows/min and {s.Shape.DistinctUrls / stage.Seconds * 60:N0} distinct fetches/min over the whole stage " +
                    $"({DurationText.Format(stage.Seconds)}, start and tail included; {s.Shape.DistinctUrls:N0} URLs over HTTPS by name through the lab's DNS, repeats from the cache)");
            }
        }
    }

    private static string Outcomes(StageSummary stage) => string.Join(", ", stage.Outcomes.Select(o => $"{o.Key} {o.Value:N0}"));
}
