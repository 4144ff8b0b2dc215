using System.CommandLine;
using System.Text.Json.Nodes;
using Appliance.Reports.Capacity;
using Appliance.Runs;

namespace Appliance.Cli;

/// <summary><c>appliance project [--run ID] [--rows N]</c>: the projection for N rows from a stored run and the newest sweeps.</summary>
public static class ProjectCommand
{
    public const long DefaultRows = 500_000;

    /// <summary>The node table runs 1…this.</summary>
    public const int MaxNodes = 16;

    public static Command Create()
    {
        var run = new Option<long?>("--run") { Description = "Run id (default: the newest finished run)" };
        var rows = new Option<long>("--rows") { Description = "Rows to project for", DefaultValueFactory = _ => DefaultRows };
        var concurrency = new Option<int?>("--concurrency") { Description = "What if both stages ran at this concurrency (priced from the sweeps' USL fits)" };
        var cores = new Option<double?>("--cores") { Description = "What if the host had this many cores (CPU-bound stages scale)" };
        var rpm = new Option<int?>("--llm-rpm") { Description = "What if the LLM allowed this many requests per minute" };
        var tpm = new Option<int?>("--llm-tpm") { Description = "What if the LLM allowed this many tokens per minute (charged: prompt + Llm:MaxOutputTokens)" };
        var nodes = new Option<int?>("--nodes") { Description = "Project for this many nodes sharing the database and queues (per-node rates; the LLM limit and the database are shared)" };
        var dbRows = new Option<double?>("--db-rows-per-s") { Description = "The shared database's rows written per second (default: the most the run saw it write in one second, a lower bound)" };
        var dbCommits = new Option<double?>("--db-commits-per-s") { Description = "The shared database's commits per second (default: not priced)" };
        var json = new Option<bool>("--json") { Description = "Print the projection as one JSON object on stdout" };
        var spread = new Option<string?>("--host-spread")
        {
            Description = "How much more and less CPU a row may cost in the run than in the sample, in percent: SLOWER[,FASTER] (default 43,15, measured on a 2-core shared VM; 0 for a host that holds its speed)",
        };
        var backtest = new Option<bool>("--backtest") { Description = "List the model's track record: for every finished run, projected (from its first 10% and from the run before) vs actual" };
        var command = new Command("project", "Project completion time and resources for N rows from a measured run") { run, rows, concurrency, cores, rpm, tpm, nodes, dbRows, dbCommits, spread, json, backtest };
        nodes.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is < 1 or > MaxNodes)
            {
                r.AddError($"--nodes must be 1 to {MaxNodes}");
            }
        });
        spread.Validators.Add(r =>
        {
            try
            {
                _ = r.GetValueOrDefault<string?>() is { } text ? HostSpeedSpread.Parse(text) : null;
            }
            catch (FormatException e)
            {
                r.AddError($"--host-spread: {e.Message}");
            }
        });
        command.SetAction(async (parse, ct) =>
        {
            await using var services = await ApplianceServices.OpenAsync(null, ct);
            if (parse.GetValue(backtest))
            {
                return await ProjectBacktest.RunAsync(services, parse.GetValue(json), ct);
            }

            var inputs = await services.Get<CapacityInputs>().LoadAsync(parse.GetValue(run), ct);
            var scenario = new Scenario
            {
                ScrapeConcurrency = parse.GetValue(concurrency),
                GenerateConcurrency = parse.GetValue(concurrency),
                Cores = parse.GetValue(cores),
                Llm = parse.GetValue(rpm) is null && parse.GetValue(tpm) is null ? null : new LlmLimits(parse.GetValue(rpm) ?? 0, parse.GetValue(tpm) ?? 0,
                    inputs.TokensPerMessage(services.Get<Microsoft.Extensions.Options.IOptions<Generate.LlmOptions>>().Value.MaxOutputTokens)),
            };
            var n = parse.GetValue(rows);
            var requested = parse.GetValue(nodes);

            var input = inputs.Projection with
            {
                WhatIf = scenario,
                HostSpeedSpread = parse.GetValue(spread) is { } given ? HostSpeedSpread.Parse(given) : inputs.Projection.HostSpeedSpread,
            };
            var projection = CapacityProjector.Project(input, n);
            var limits = await services.Get<CapacityInputs>().LimitsAsync(inputs, parse.GetValue(dbRows), parse.GetValue(dbCommits), ct);
            var scaling = NodeScaling.Project(input, n, inputs.Database, limits, inputs.Nodes, MaxNodes);
            var (llmPlan, llmReason) = await services.Get<LlmAccountInputs>().PlanAsync(inputs, n, parse.GetValue(rpm), parse.GetValue(tpm), ct);
            if (parse.GetValue(json))
            {
                var body = ToJson(inputs.Run.Id, projection);
                body["nodes"] = NodesJson(scaling, requested);
                body["llm"] = ProjectLlm.Json(llmPlan, llmReason);
                Console.WriteLine(body.ToJsonString());
                return 0;
            }

            ProjectLlm.Headline(llmPlan, llmReason);
            Print(inputs, projection);
            ProjectLlm.Print(llmPlan);
            PrintNodes(scaling, requested);
            return 0;
        });
        return command;
    }

    public static JsonObject ToJson(long runId, ProjectionResult p) => new()
    {
        ["run_id"] = runId,
        ["rows"] = p.Rows,
        ["seconds_expected"] = Math.Round(p.SecondsExpected, 1),
        ["seconds_low"] = Math.Round(p.SecondsLow, 1),
        ["seconds_high"] = Math.Round(p.SecondsHigh, 1),
        ["bottleneck"] = p.Bottleneck,
        ["recommended_concurrency"] = p.RecommendedConcurrency,
        ["reason"] = p.Reason,
        ["stages"] = new JsonArray([.. p.Stages.Select(s => (JsonNode)StageJson(s, p.Capacity.FirstOrDefault(c => c.Stage == s.Stage)))]),
        ["notes"] = new JsonArray([.. p.Notes.Select(n => (JsonNode)n)]),
        ["steady_state"] = p.SteadyState?.Reached,
        ["sample_rows_needed"] = p.SteadyState?.SampleRowsNeeded,
        ["steady_state_reason"] = p.SteadyState?.Reason,
        ["fill_seconds"] = Math.Round(p.FillSeconds, 1),
        ["drain_seconds"] = Math.Round(p.DrainSeconds, 1),
        ["host_speed"] = p.HostSpeed is { } h
            ? new JsonObject
            {
                ["compute_ms"] = Math.Round(h.ComputeMs, 3), ["memory_ms"] = Math.Round(h.MemoryMs, 3), ["readings"] = h.Readings,
                ["moved_percent"] = h.Moved is { } m ? Math.Round(m * 100, 1) : null,
            }
            : null,
        ["host_speed_spread"] = p.HostSpeedSpread is { } spread
            ? new JsonObject
            {
                ["slower_percent"] = Math.Round(spread.Slower * 100, 1), ["faster_percent"] = Math.Round(spread.Faster * 100, 1), ["basis"] = spread.Basis,
            }
            : null,
    };

    /// <summary>
    /// A stage's time and rate; with the operational laws also its capacity (items a second), the binding law as
    /// <c>limit</c> (<see cref="CapacityLimit"/>; the words move to <c>limit_basis</c>), whether it trails, and every bound.
    /// </summary>
    private static JsonObject StageJson(StageTime s, StageCapacity? c)
    {
        var o = new JsonObject
        {
            ["stage"] = s.Stage, ["seconds"] = Math.Round(s.Seconds, 1), ["items_per_second"] = Math.Round(s.ItemsPerSecond, 2), ["limit"] = c?.Limit ?? s.Limit,
        };
        if (c is null)
        {
            return o;
        }

        o["limit_basis"] = s.Limit;
        o["capacity_per_second"] = Finite(c.PerSecond);
        o["capacity_rows_per_second"] = Finite(c.RowsPerSecond);
        o["trailing"] = c.Trailing;
        o["bounds"] = new JsonArray([.. c.Bounds.Select(b => (JsonNode)new JsonObject
        {
            ["limit"] = b.Limit, ["per_second"] = Finite(b.PerSecond), ["rows_per_second"] = Finite(b.RowsPerSecond), ["basis"] = b.Basis,
        })]);
        return o;
    }

    private static double? Finite(double v) => double.IsFinite(v) ? Math.Round(v, 2) : null;

    public static JsonObject NodesJson(NodeScalingResult scaling, int? requested) => new()
    {
        ["requested"] = requested,
        ["seconds_at_requested"] = requested is { } k ? Math.Round(scaling.At(k).Seconds, 1) : null,
        ["useful_nodes"] = scaling.UsefulNodes,
        ["reason"] = scaling.Reason,
        ["basis"] = new JsonArray([.. scaling.Basis.Select(b => (JsonNode)b)]),
        ["table"] = new JsonArray([.. scaling.ByNodes.Select(p => (JsonNode)new JsonObject
        {
            ["nodes"] = p.Nodes, ["seconds"] = Math.Round(p.Seconds, 1), ["rows_per_second"] = Math.Round(p.RowsPerSecond, 2), ["limit"] = p.Limit, ["fits"] = p.Fits,
        })]),
    };

    /// <summary>The K-node table up to the requested count or one past the useful one (at least 4 rows).</summary>
    private static void PrintNodes(NodeScalingResult scaling, int? requested)
    {
        var last = Math.Min(MaxNodes, Math.Max(requested ?? 0, Math.Max(4, scaling.UsefulNodes + 1)));
        Console.WriteLine(requested is { } k
            ? $"On {k} node(s): {DurationText.Format(scaling.At(k).Seconds)} ({scaling.At(k).Limit})"
            : "By nodes (--nodes K):");
        foreach (var p in scaling.ByNodes.Take(last))
        {
            Console.WriteLine($"  {p.Nodes,2} node(s) {DurationText.Format(p.Seconds),14}  {p.RowsPerSecond * 60,10:N0} rows/min  {(p.Fits ? "" : "does not fit: ")}{p.Limit}");
        }

        Console.WriteLine($"  {scaling.Reason}");
        foreach (var b in scaling.Basis)
        {
            Console.WriteLine($"  basis: {b}");
        }
    }

    private static void Print(CapacityModelInputs inputs, ProjectionResult p)
    {
        var s = inputs.Summary;
        Console.WriteLine($"From run {inputs.Run.Id} ({s.Source}: {s.Rows:N0} rows in {DurationText.Format(s.Seconds)}):");
        Console.WriteLine($"  {p.Rows:N0} rows: {DurationText.Format(p.SecondsExpected)} expected (90% interval {DurationText.Format(p.SecondsLow)} – {DurationText.Format(p.SecondsHigh)})");
        Console.WriteLine($"  bottleneck: {p.Bottleneck}" + (p.RecommendedConcurrency is { } r ? $"; recommended concurrency {r}" : ""));
        foreach (var stage in p.Stages)
        {
            Console.WriteLine($"  {stage.Stage,-9}{DurationText.Format(stage.Seconds),14}  {stage.ItemsPerSecond * 60,10:N0}/min  {stage.Limit}");
        }

        foreach (var c in p.Capacity)
        {
            Console.WriteLine($"  {c.Stage} capacity {c.RowsPerSecond * 60,10:N0} rows/min, limit {c.Limit}{(c.Trailing ? " (trailing: waits for its input, not the bottleneck)" : "")}");
        }

        if (p.SteadyState is { } steady)
        {
            Console.WriteLine(steady.Reached ? $"  steady state: {steady.Reason}" : $"  no steady state: {steady.Reason}; a sample of {steady.SampleRowsNeeded:N0} rows would show one");
        }

        Console.WriteLine($"  {p.Reason}");
        foreach (var sweep in new[] { inputs.Scrape, inputs.Generate })
        {
            Console.WriteLine(sweep.Fit is { } fit ? $"  {sweep.Stage} USL: {fit}" : $"  {sweep.Stage}: {sweep.FitError}");
        }

        foreach (var note in p.Notes)
        {
            Console.WriteLine($"  note: {note}");
        }
    }
}
