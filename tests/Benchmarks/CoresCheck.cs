using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Appliance.Cli;
using Appliance.Storage;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Appliance.Benchmarks;

/// <summary>
/// The cores what-if, the only way a 2-core machine can check it (issue 16): the same lab run on every core, then pinned
/// to core 0 (<c>taskset -c 0</c> around the <c>appliance run</c> child, so the lab child and the bundled PostgreSQL it
/// starts inherit the affinity; PostgreSQL is started by that child, not by the benchmark), each projected to its own
/// size on its own cores and to the other's cores with <c>project --cores</c>. Prints one <c>PAIR</c> line per projection:
/// <code>
/// projection --cores-check --small-rows 20000 [--setups "template:512,64"] [--fixtures-out DIR] [--json-out FILE]
/// </code>
/// Each run gets its own state directory (its own PostgreSQL), so the pinned run's database runs pinned too.
/// </summary>
public static class CoresCheck
{
    public static async Task<int> RunAsync(ProjectionBenchmark.Settings settings, CancellationToken ct)
    {
        var work = Path.Combine(Path.GetTempPath(), $"appliance-cores-check-{Environment.ProcessId}");
        var all = Environment.ProcessorCount;
        var (generator, concurrency) = (settings.Setups[0].Split(':')[0], settings.Setups[0].Split(':')[1]);
        var rows = settings.SmallRows.ToString(CultureInfo.InvariantCulture);
        var report = new JsonObject { ["rows"] = settings.SmallRows, ["setup"] = settings.Setups[0], ["cores"] = all, ["date"] = DateTime.UtcNow.ToString("u"), ["pairs"] = new JsonArray() };
        using var loggers = ApplianceConfiguration.CliLoggers(new ConfigurationBuilder().Build());
        try
        {
            var runs = new List<(string Name, int Cores, string State, JsonObject Run, string LoadBefore, string LoadAfter)>();
            foreach (var (name, cores, launcher) in new[] { ("all", all, (string[]?)null), ("pinned", 1, ["taskset", "-c", "0"]) })
            {
                var state = Path.Combine(work, name);
                var env = new Dictionary<string, string> { ["APPLIANCE_StateDirectory"] = state, ["STATE_DIRECTORY"] = state, ["APPLIANCE_ConnectionStrings__Postgres"] = "" };
                var before = await LoadAsync(ct);
                Console.WriteLine($"{DateTime.UtcNow:u} {name}: {rows} lab rows on {cores} core(s){(launcher is null ? "" : " under " + string.Join(' ', launcher))}; load {before}");
                var run = await ApplianceProcess.RunJsonAsync(["run", "--lab-rows", rows, "--generator", generator, "--concurrency", concurrency, "--json"], env, ct, launcher);
                var after = await LoadAsync(ct);
                Console.WriteLine($"{DateTime.UtcNow:u} {name}: run {run["run_id"]} took {run["seconds"]} s; load {after}");
                runs.Add((name, cores, state, run, before, after));
            }

            foreach (var from in runs)
            {
                foreach (var to in runs)
                {
                    var env = new Dictionary<string, string> { ["APPLIANCE_StateDirectory"] = from.State, ["STATE_DIRECTORY"] = from.State, ["APPLIANCE_ConnectionStrings__Postgres"] = "" };
                    string[] args = ["project", "--run", from.Run["run_id"]!.ToString(), "--rows", rows, "--json"];
                    var projection = await ApplianceProcess.RunJsonAsync(from.Cores == to.Cores ? args : [.. args, "--cores", to.Cores.ToString(CultureInfo.InvariantCulture)], env, ct);
                    var (expected, low, high, actual) = ((double)projection["seconds_expected"]!, (double)projection["seconds_low"]!, (double)projection["seconds_high"]!, (double)to.Run["seconds"]!);
                    var scrape = ((JsonArray)projection["stages"]!).Select(s => s!.AsObject()).First(s => (string?)s["stage"] == "scrape");
                    var pair = new JsonObject
                    {
                        ["from"] = from.Name, ["from_cores"] = from.Cores, ["to"] = to.Name, ["to_cores"] = to.Cores,
                        ["projected_seconds"] = expected, ["projected_low"] = low, ["projected_high"] = high, ["actual_seconds"] = actual,
                        ["error_percent"] = Math.Round((expected - actual) / actual * 100, 1), ["inside_interval"] = actual >= low && actual <= high,
                        ["bottleneck"] = projection["bottleneck"]?.DeepClone(), ["scrape_limit"] = scrape["limit"]?.DeepClone(),
                        ["steady_state"] = projection["steady_state"]?.DeepClone(), ["load_before"] = from.LoadBefore, ["load_after"] = to.LoadAfter,
                        ["reason"] = projection["reason"]?.DeepClone(), ["notes"] = projection["notes"]?.DeepClone(),
                    };
                    ((JsonArray)report["pairs"]!).Add(pair);
                    Console.WriteLine($"PAIR cores {from.Cores} → {to.Cores} ({from.Name} run projected{(from.Cores == to.Cores ? "" : $" with --cores {to.Cores}")}): {settings.SmallRows:N0} rows " +
                        $"{expected:0.0} s [{low:0.0}–{high:0.0}], actual {actual:0.0} s ({to.Name}), error {pair["error_percent"]}%, inside {pair["inside_interval"]}, " +
                        $"bottleneck {pair["bottleneck"]}/{pair["scrape_limit"]}, steady {pair["steady_state"]}");
                }
            }

            if (settings.FixturesOut is { } dir)
            {
                foreach (var run in runs)
                {
                    await using var postgres = await BundledPostgres.StartAsync(run.State, loggers.CreateLogger("bench"), ct: ct);
                    await using var db = NpgsqlDataSource.Create(postgres.ConnectionString());
                    await RunFixtures.WriteAsync(db, dir, (long)run.Run["run_id"]!, $"cores-{run.Cores}cpu-{settings.SmallRows}", ct);
                }
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
            // A run's PostgreSQL stops with its run (the last user stops it); one a failed child left running is taken over
            // and stopped the same way before its folder goes.
            foreach (var state in Directory.Exists(work) ? Directory.GetDirectories(work) : [])
            {
                if (File.Exists(Path.Combine(state, "postgres", "data", "postmaster.pid")))
                {
                    await using var postgres = await BundledPostgres.StartAsync(state, loggers.CreateLogger("bench"), ct: CancellationToken.None);
                }
            }

            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task<string> LoadAsync(CancellationToken ct) => (await File.ReadAllTextAsync("/proc/loadavg", ct)).Trim();
}
