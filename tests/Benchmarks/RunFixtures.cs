using System.Text.Json;
using Appliance.Cli;
using Appliance.Runs;
using Appliance.Storage;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Appliance.Benchmarks;

/// <summary>
/// Stored runs written as the recorded-run tests read them (<c>tests/fixtures/runs/run-NAME.json</c>: the <c>runs</c> row
/// and its 1 s samples on the owner's clock), from the benchmark's own database or from a kept state directory
/// (<c>projection --export-state DIR --export-runs 1=cores-2cpu-20000,2=cores-1cpu-20000 --fixtures-out DIR</c>).
/// </summary>
public static class RunFixtures
{
    public static async Task WriteAsync(NpgsqlDataSource db, DirectoryInfo dir, long runId, string name, CancellationToken ct)
    {
        var store = new RunStore(db);
        var run = await store.GetAsync(runId, ct) ?? throw new InvalidOperationException($"run {runId} vanished");
        var stored = await new CapacityInputs(store, db).StoredSamplesAsync(runId, run.Summary!.StartedAt, ct);
        var samples = CapacityInputs.OnOwnersClock(stored, run.Node).Select(RunSample.From).ToList();
        dir.Create();
        var path = Path.Combine(dir.FullName, $"run-{name}.json");
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(new RecordedRun(run, samples), RunStore.Json), ct);
        Console.WriteLine($"Wrote {path}");
    }

    /// <summary>
    /// Starts the bundled PostgreSQL of a state directory (a copy: the server writes to it) and writes the named runs.
    /// <paramref name="runs"/> is <c>ID=NAME</c>, comma-separated.
    /// </summary>
    public static async Task<int> ExportAsync(string stateDirectory, string runs, DirectoryInfo dir, CancellationToken ct)
    {
        using var loggers = ApplianceConfiguration.CliLoggers(new ConfigurationBuilder().Build());
        await using var postgres = await BundledPostgres.StartAsync(stateDirectory, loggers.CreateLogger("export"), ct: ct);
        await using var db = NpgsqlDataSource.Create(postgres.ConnectionString());
        foreach (var pair in runs.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = pair.Split('=', 2);
            if (parts.Length != 2 || !long.TryParse(parts[0], out var id))
            {
                throw new ArgumentException($"--export-runs takes ID=NAME pairs, not '{pair}'");
            }

            await WriteAsync(db, dir, id, parts[1], ct);
        }

        return 0;
    }
}
