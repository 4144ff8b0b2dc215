using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Appliance.Cli;
using Appliance.Collectors;
using Appliance.Reports.Report;
using Appliance.Runs;
using Appliance.Storage;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Appliance.Benchmarks;

/// <summary>
/// The capacity model's accuracy on the lab: a small run, its projection to the large row count, then the large
/// run itself — each an <c>appliance run --lab-rows N --json</c> child process over the pair's own PostgreSQL (a fresh cluster
/// a pair, stopped and deleted after it) — per setup.
/// Writes each pair's runs (summary and 1 s samples) as fixtures for the recorded-run test. While each run child runs,
/// <see cref="ProcessCpuSampler"/> reads where the host's CPU goes (the appliance, its lab child, PostgreSQL, the rest).
/// </summary>
public static class ProjectionBenchmark
{
    public sealed record Settings(int SmallRows, int LargeRows, IReadOnlyList<string> Setups, DirectoryInfo? FixturesOut, FileInfo? JsonOut)
    {
        /// <summary>Seeds of randomised lab latency mixes (<see cref="LatencyMix"/>); empty: the lab's defaults.</summary>
        public IReadOnlyList<int> MixSeeds { get; init; } = [];
    }

    public static System.CommandLine.Command Create()
    {
        var small = new System.CommandLine.Option<int>("--small-rows") { Description = "Rows of the run projected from", DefaultValueFactory = _ => 5_000 };
        var large = new System.CommandLine.Option<int>("--large-rows") { Description = "Rows projected to, then run", DefaultValueFactory = _ => 50_000 };
        var setups = new System.CommandLine.Option<string>("--setups")
        {
            Description = "Setups, ';'-separated, each GENERATOR:S,G (generator template or lab; scrape and generate concurrency)",
            DefaultValueFactory = _ => "template:512,64;lab:512,512",
        };
        var fixtures = new System.CommandLine.Option<DirectoryInfo?>("--fixtures-out") { Description = "Write each run's summary and samples here (tests/fixtures/runs), and its CPU by process every second (run-NAME.processes.json)" };
        var jsonOut = new System.CommandLine.Option<FileInfo?>("--json-out") { Description = "Also write the figures to this file (each pair's small_processes and large_processes included)" };
        var mixes = new System.CommandLine.Option<string?>("--mix-seeds") { Description = "Comma-separated seeds of randomised lab latency mixes; each setup runs once per mix (default: the lab's own settings)" };
        var coresCheck = new System.CommandLine.Option<bool>("--cores-check")
        {
            Description = "The cores what-if instead: --small-rows rows on every core, then pinned to core 0 (taskset -c 0), each projected to the other's cores",
        };
        var exportState = new System.CommandLine.Option<string?>("--export-state") { Description = "Write fixtures of stored runs from this state directory (a copy: its PostgreSQL is started) and stop" };
        var exportRuns = new System.CommandLine.Option<string?>("--export-runs") { Description = "With --export-state: ID=NAME pairs, comma-separated (writes run-NAME.json)" };
        var command = new System.CommandLine.Command("projection",
            "Project a large lab run from a small one, run the large one, compare. Each pair gets a fresh PostgreSQL cluster; while each run " +
            "runs, the CPU (and RSS) of the appliance, its lab child, PostgreSQL and the rest of the host is read every second: totals, ms a row " +
            "and each half's go into the pair's small_processes/large_processes and a CPU line per run")
        {
            small, large, setups, fixtures, jsonOut, mixes, coresCheck, exportState, exportRuns,
        };
        command.SetAction((parse, ct) => parse.GetValue(exportState) is { } state
            ? RunFixtures.ExportAsync(state, parse.GetValue(exportRuns) ?? throw new ArgumentException("--export-state needs --export-runs"),
                parse.GetValue(fixtures) ?? throw new ArgumentException("--export-state needs --fixtures-out"), ct)
            : parse.GetValue(coresCheck)
            ? CoresCheck.RunAsync(new Settings(parse.GetValue(small), parse.GetValue(small), [parse.GetValue(setups)!.Split(';')[0]], parse.GetValue(fixtures), parse.GetValue(jsonOut)), ct)
            : RunAsync(new Settings(parse.GetValue(small), parse.GetValue(large),
            parse.GetValue(setups)!.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), parse.GetValue(fixtures), parse.GetValue(jsonOut))
        {
            MixSeeds = [.. (parse.GetValue(mixes) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(x => int.Parse(x, CultureInfo.InvariantCulture))],
        }, ct));
        return command;
    }

    public static async Task<int> RunAsync(Settings settings, CancellationToken ct)
    {
        var work = Path.Combine(Path.GetTempPath(), $"appliance-projection-bench-{Environment.ProcessId}");
        using var loggers = ApplianceConfiguration.CliLoggers(new ConfigurationBuilder().Build());
        var report = new JsonObject { ["small_rows"] = settings.SmallRows, ["large_rows"] = settings.LargeRows, ["date"] = DateTime.UtcNow.ToString("u"), ["pairs"] = new JsonArray() };
        try
        {
            Directory.CreateDirectory(work);
            var pairNumber = 0;
            var mixList = settings.MixSeeds.Count == 0 ? [null] : settings.MixSeeds.Select(LatencyMix.Draw).ToList<LatencyMix?>();
            foreach (var (setup, mix) in settings.Setups.SelectMany(setup => mixList.Select(mix => (setup, mix))))
            {
                // A fresh cluster a pair: the sample and its large run share it, as a customer's sample and real run would,
                // and no pair works over the rows the pairs before it left (16 runs had left ~245,000).
                var state = Path.Combine(work, $"pair-{++pairNumber}");
                var postgres = await BundledPostgres.StartAsync(state, loggers.CreateLogger("bench"), ct: ct);
                try
                {
                    await using var db = NpgsqlDataSource.Create(postgres.ConnectionString());
                    await Migrator.ApplyAsync(db, loggers.CreateLogger("bench"), ct);
                    var env = new Dictionary<string, string>
                    {
                        ["APPLIANCE_ConnectionStrings__Postgres"] = postgres.ConnectionString(),
                        ["APPLIANCE_StateDirectory"] = state,
                    };
                    foreach (var (key, value) in mix?.Environment() ?? new Dictionary<string, string>())
                    {
                        env[key] = value;
                    }

                    var loadBefore = (await File.ReadAllTextAsync("/proc/loadavg", ct)).Trim();
                    Console.WriteLine($"{setup} {mix?.ToString() ?? "lab defaults"}; load {loadBefore}");
                    var (generator, concurrency) = (setup.Split(':')[0], setup.Split(':')[1]);
                    string[] Args(int rows) => ["run", "--lab-rows", rows.ToString(CultureInfo.InvariantCulture), "--generator", generator, "--concurrency", concurrency, "--json"];
                    var postmaster = ProcessCpuSampler.PostmasterPid(postgres.DataDirectory);
                    var (smallRun, smallCpu) = await RunSampledAsync(Args(settings.SmallRows), env, postmaster, ct);
                    var smallId = (long)smallRun["run_id"]!;
                    var projection = await ApplianceProcess.RunJsonAsync(
                        ["project", "--run", smallId.ToString(CultureInfo.InvariantCulture), "--rows", settings.LargeRows.ToString(CultureInfo.InvariantCulture), "--json"], env, ct);
                    var (largeRun, largeCpu) = await RunSampledAsync(Args(settings.LargeRows), env, postmaster, ct);
                    var actual = (double)largeRun["seconds"]!;
                    var expected = (double)projection["seconds_expected"]!;
                    var observed = await ObserveAsync(db, (long)largeRun["run_id"]!, ct);
                    var smallProcesses = await ProcessesAsync(db, smallRun, settings.SmallRows, smallCpu, ct);
                    var largeProcesses = await ProcessesAsync(db, largeRun, settings.LargeRows, largeCpu, ct);
                    Console.WriteLine(ProcessCpuSummary.Line($"{settings.SmallRows:N0} rows", smallProcesses));
                    Console.WriteLine(ProcessCpuSummary.Line($"{settings.LargeRows:N0} rows", largeProcesses));
                    var broken = new[] { smallRun, largeRun }.Select(FailedShare).Max();
                    if (broken > 0.5)
                    {
                        Console.WriteLine($"WARNING: {broken:P0} of a run's fetches failed: the lab is not serving these leads (see the runs' failures); the pair says nothing about the model");
                    }

                    var named = NamedBottleneck(projection);
                    var record = await TrackRecordAsync(db, (long)largeRun["run_id"]!, ct);
                    var pair = new JsonObject
                    {
                        ["setup"] = setup,
                        ["small_run"] = smallId,
                        ["small_seconds"] = (double)smallRun["seconds"]!,
                        ["large_run"] = (long)largeRun["run_id"]!,
                        ["projected_seconds"] = expected,
                        ["projected_low"] = (double)projection["seconds_low"]!,
                        ["projected_high"] = (double)projection["seconds_high"]!,
                        ["actual_seconds"] = actual,
                        ["error_percent"] = Math.Round((expected - actual) / actual * 100, 1),
                        ["inside_interval"] = actual >= (double)projection["seconds_low"]! && actual <= (double)projection["seconds_high"]!,
                        ["bottleneck"] = projection["bottleneck"]!.GetValue<string>(),
                        ["bottleneck_named"] = named,
                        ["bottleneck_observed"] = observed.ToString(),
                        ["observed_host_busy"] = Math.Round(observed.HostBusyShare, 3),
                        ["observed_slots_held"] = Math.Round(observed.InFlightShare, 3),
                        ["bottleneck_right"] = observed.Matches(named),
                        ["stage_right"] = observed.Stage == projection["bottleneck"]!.GetValue<string>(),
                        ["most_failed_share"] = Math.Round(broken, 3),
                        ["steady_state"] = projection["steady_state"]?.DeepClone(),
                        ["sample_rows_needed"] = projection["sample_rows_needed"]?.DeepClone(),
                        ["mix"] = mix?.ToJson(),
                        ["load_before"] = loadBefore,
                        ["load_after"] = (await File.ReadAllTextAsync("/proc/loadavg", ct)).Trim(),
                        ["reason"] = projection["reason"]!.GetValue<string>(),
                        ["small_stages"] = Stages(smallRun),
                        ["large_stages"] = Stages(largeRun),
                        ["small_processes"] = smallProcesses,
                        ["large_processes"] = largeProcesses,
                        ["host_slower_percent"] = new JsonObject
                        {
                            ["compute"] = Slower(smallProcesses, largeProcesses, "compute_ms"),
                            ["memory"] = Slower(smallProcesses, largeProcesses, "memory_ms"),
                        },
                        ["appliance_host_speed"] = projection["host_speed"]?.DeepClone(),
                        ["track_record"] = record,
                    };
                    ((JsonArray)report["pairs"]!).Add(pair);
                    Console.WriteLine($"PAIR {setup} {(mix is null ? "defaults" : $"mix {mix.Seed}")}: {settings.SmallRows:N0} rows in {smallRun["seconds"]} s → projected {settings.LargeRows:N0} rows " +
                        $"{expected:0} s [{projection["seconds_low"]}–{projection["seconds_high"]}], actual {actual:0} s, error {pair["error_percent"]}%, inside {pair["inside_interval"]}, " +
                        $"bottleneck named {named} vs observed {observed.Describe()}, steady {pair["steady_state"]} (sample needs {pair["sample_rows_needed"]} rows); " +
                        $"host slower in the large run than in the sample: compute {pair["host_slower_percent"]!["compute"]?.ToString() ?? "?"}% ({smallProcesses["compute_ms"]} → {largeProcesses["compute_ms"]} ms), " +
                        $"memory {pair["host_slower_percent"]!["memory"]?.ToString() ?? "?"}% ({smallProcesses["memory_ms"]} → {largeProcesses["memory_ms"]} ms); " +
                        $"load before {loadBefore} after {pair["load_after"]}; the appliance's own track record for the large run (from the sample): " +
                        $"error {record?["error_percent"]?.ToString() ?? "?"}%, host slower {record?["host_slower_percent"]?.ToString() ?? "?"}%");
                    if (settings.FixturesOut is { } dir)
                    {
                        var suffix = mix is null ? "" : $"-mix{mix.Seed}";
                        await RunFixtures.WriteAsync(db, dir, smallId, $"{generator}-{settings.SmallRows}{suffix}", ct);
                        await RunFixtures.WriteAsync(db, dir, (long)largeRun["run_id"]!, $"{generator}-{settings.LargeRows}{suffix}", ct);
                        await WriteProcessesAsync(dir, $"{generator}-{settings.SmallRows}{suffix}", smallProcesses, smallCpu.Readings, ct);
                        await WriteProcessesAsync(dir, $"{generator}-{settings.LargeRows}{suffix}", largeProcesses, largeCpu.Readings, ct);
                    }
                }
                finally
                {
                    await postgres.DisposeAsync();
                    Directory.Delete(state, recursive: true);
                }
            }

            var pairs = ((JsonArray)report["pairs"]!).Select(p => p!.AsObject()).ToList();
            if (pairs.Count > 0)
            {
                report["summary"] = new JsonObject
                {
                    ["pairs"] = pairs.Count,
                    ["max_abs_error_percent"] = pairs.Max(p => Math.Abs((double)p["error_percent"]!)),
                    ["share_inside"] = Math.Round(pairs.Count(p => (bool)p["inside_interval"]!) / (double)pairs.Count, 3),
                    ["within_10_percent"] = pairs.Count(p => Math.Abs((double)p["error_percent"]!) <= 10),
                    ["bottleneck_right"] = pairs.Count(p => (bool)p["bottleneck_right"]!),
                    ["stage_right"] = pairs.Count(p => (bool)p["stage_right"]!),
                };
                Console.WriteLine($"SUMMARY {settings.SmallRows:N0} → {settings.LargeRows:N0}, {pairs.Count} pairs: max |error| {report["summary"]!["max_abs_error_percent"]}%, " +
                    $"inside the 90% interval {report["summary"]!["share_inside"]!.GetValue<double>():P0}, |error| ≤ 10% in {report["summary"]!["within_10_percent"]}, " +
                    $"bottleneck named right in {report["summary"]!["bottleneck_right"]} (the stage in {report["summary"]!["stage_right"]})");
            }

            Console.WriteLine(report.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            if (settings.JsonOut is not null)
            {
                await File.WriteAllTextAsync(settings.JsonOut.FullName, report.ToJsonString(), ct);
            }

            return 0;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>
    /// The appliance's own back-test of the large run from the run before it, the sample (<c>run_backtests</c>, recorded when
    /// the run finished): its projection for the rows the run accepted, the error, and how much slower the host ran than in
    /// the sample by the probe the appliance records with every sample; null where none was stored.
    /// </summary>
    private static async Task<JsonObject?> TrackRecordAsync(NpgsqlDataSource db, long runId, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var command = new NpgsqlCommand(
            "SELECT projected_seconds, actual_seconds, host_slower FROM run_backtests WHERE run_id = @id AND basis = 'previous_run'", conn);
        command.Parameters.AddWithValue("id", runId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct) || reader.IsDBNull(0))
        {
            return null;
        }

        var (projected, actual) = (reader.GetDouble(0), reader.GetDouble(1));
        return new JsonObject
        {
            ["projected_seconds"] = Math.Round(projected, 1),
            ["error_percent"] = Math.Round((projected - actual) / actual * 100, 1),
            ["host_slower_percent"] = reader.IsDBNull(2) ? null : Math.Round(reader.GetDouble(2) * 100, 1),
        };
    }

    /// <summary>The share of a run's scraped rows that failed (a lab whose leads do not resolve fails them all).</summary>
    private static double FailedShare(JsonObject run)
    {
        var outcomes = run["scrape"]?["outcomes"]?.AsObject();
        var done = (double?)outcomes?["done"] ?? 0;
        var failed = (double?)outcomes?["failed"] ?? 0;
        return done + failed > 0 ? failed / (done + failed) : 1;
    }

    /// <summary>The projection's bottleneck as stage/limit, the form <see cref="ObservedBottleneck"/> reports.</summary>
    private static string NamedBottleneck(JsonObject projection)
    {
        var stage = projection["bottleneck"]!.GetValue<string>();
        var limit = ((JsonArray)projection["stages"]!).Select(s => s!.AsObject()).FirstOrDefault(s => (string?)s["stage"] == stage)?["limit"]?.GetValue<string>();
        return $"{stage}/{limit ?? "?"}";
    }

    private static async Task<ObservedBottleneck> ObserveAsync(NpgsqlDataSource db, long runId, CancellationToken ct)
    {
        var (summary, samples) = await SamplesAsync(db, runId, ct);
        return ObservedBottleneck.Of(summary, [.. samples.Select(RunSample.From)]);
    }

    private static async Task<(RunSummary Summary, IReadOnlyList<TelemetrySample> Samples)> SamplesAsync(NpgsqlDataSource db, long runId, CancellationToken ct)
    {
        var store = new RunStore(db);
        var run = await store.GetAsync(runId, ct) ?? throw new InvalidOperationException($"run {runId} vanished");
        var stored = await new CapacityInputs(store, db).StoredSamplesAsync(runId, run.Summary!.StartedAt, ct);
        return (run.Summary, CapacityInputs.OnOwnersClock(stored, run.Node));
    }

    /// <summary>A run child with its CPU by process read every second (<see cref="ProcessCpuSampler"/>).</summary>
    private static async Task<(JsonObject Run, SampledCpu Cpu)> RunSampledAsync(string[] args, Dictionary<string, string> env, int? postmaster, CancellationToken ct)
    {
        ProcessCpuSampler? sampler = null;
        try
        {
            var run = await ApplianceProcess.RunJsonAsync(args, env, ct, started: pid => sampler = ProcessCpuSampler.Start(pid, postmaster));
            var exitedAt = sampler!.Elapsed;
            return (run, new SampledCpu(await sampler.StopAsync(), exitedAt));
        }
        finally
        {
            if (sampler is not null)
            {
                await sampler.DisposeAsync();
            }
        }
    }

    private sealed record SampledCpu(IReadOnlyList<ProcessCpuReading> Readings, double ExitedAt);

    /// <summary>
    /// The run's CPU by process (<see cref="ProcessCpuSummary"/>). Rows a half are the run's scraped rows in it: the run's
    /// own clock starts its <c>seconds</c> before the child exited (the child's start-up before the run is in the first half).
    /// </summary>
    private static async Task<JsonObject> ProcessesAsync(NpgsqlDataSource db, JsonObject run, int rows, SampledCpu cpu, CancellationToken ct)
    {
        if (cpu.Readings.Count == 0)
        {
            return ProcessCpuSummary.Summarize(cpu.Readings, rows, null);
        }

        var (_, samples) = await SamplesAsync(db, (long)run["run_id"]!, ct);
        var halfRows = ProcessCpuSummary.SplitRows(samples.Select(x => (x.SecondsSinceStart, x.ScrapeCompleted)),
            cpu.ExitedAt - (double)run["seconds"]!, ProcessCpuSummary.HalfTime(cpu.Readings));
        return ProcessCpuSummary.Summarize(cpu.Readings, rows, halfRows);
    }

    /// <summary>
    /// How much slower the host's CPU was in the large run than in the sample, in percent, by the median of one of
    /// <see cref="HostSpeedProbe"/>'s readings (<paramref name="key"/>): what of a CPU-bound pair's error the host, not the
    /// model, made. Null where either run has no probe readings.
    /// </summary>
    private static double? Slower(JsonObject small, JsonObject large, string key) =>
        small[key]?.GetValue<double>() is { } before && large[key]?.GetValue<double>() is { } after && before > 0
            ? Math.Round(((after / before) - 1) * 100, 1)
            : null;

    /// <summary><c>run-NAME.processes.json</c> beside the run's fixture: the summary and every 1 s reading.</summary>
    private static async Task WriteProcessesAsync(DirectoryInfo dir, string name, JsonObject summary, IReadOnlyList<ProcessCpuReading> readings, CancellationToken ct)
    {
        dir.Create();
        var path = Path.Combine(dir.FullName, $"run-{name}.processes.json");
        var json = new JsonObject
        {
            ["summary"] = summary.DeepClone(),
            ["readings"] = JsonSerializer.SerializeToNode(readings, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower }),
        };
        await File.WriteAllTextAsync(path, json.ToJsonString(), ct);
        Console.WriteLine($"Wrote {path}");
    }

    private static JsonObject Stages(JsonObject run) => new()
    {
        ["scrape_rows_per_minute"] = (double)run["scrape"]!["rows_per_minute"]!,
        ["generate_rows_per_minute"] = (double)run["generate"]!["rows_per_minute"]!,
    };
}
