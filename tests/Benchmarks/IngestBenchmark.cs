using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Appliance.Cli;
using Appliance.Storage;
using Dapper;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Appliance.Benchmarks;

/// <summary>
/// Ingests one clean leads CSV into a private bundled PostgreSQL two ways, alternating round by
/// round so that drift on a shared machine hits both: <c>psql \copy</c> (the physical limit: the
/// server's own CSV parser, same table, same indexes) and the real <c>appliance ingest --json</c>
/// as a child process. Each run starts from an empty, checkpointed <c>websites</c> table.
/// </summary>
public static class IngestBenchmark
{
    public sealed record Settings(int Rows, int Repeats, bool SkipBaseline, FileInfo? JsonOut);

    private sealed record OursRun(double Seconds, double WallSeconds, double RowsPerSecond, double PeakRssMb);

    private const double MiB = 1024 * 1024;

    // The file has no upload id, row number, normalized URL or host: defaults stand in for them so
    // psql copies the same eight text columns (first_name -> contact, last_name -> description). Row numbers
    // come from a sequence: (file_upload_id, row_number) is unique (migration 0011).
    private const string BaselineDefaults = """
        CREATE SEQUENCE IF NOT EXISTS bench_row_number;
        ALTER TABLE websites ALTER file_upload_id SET DEFAULT {0}, ALTER row_number SET DEFAULT nextval('bench_row_number'),
            ALTER normalized_url SET DEFAULT '', ALTER host SET DEFAULT ''
        """;

    private const string BaselineCopy =
        "\\copy websites (url, company, contact, description, email, job_title, phone, industry) FROM '{0}' WITH (FORMAT csv, HEADER true)";

    public static async Task<int> RunAsync(Settings settings, CancellationToken ct)
    {
        var work = Path.Combine(Path.GetTempPath(), $"appliance-bench-{Environment.ProcessId}");
        var csv = Path.Combine(work, "leads.csv");
        var applianceDll = Path.Combine(AppContext.BaseDirectory, "appliance.dll");
        using var loggers = ApplianceConfiguration.CliLoggers(new ConfigurationBuilder().Build());
        var logger = loggers.CreateLogger(nameof(IngestBenchmark));
        try
        {
            Directory.CreateDirectory(work);
            var generate = Stopwatch.StartNew();
            LabCommand.WriteLeads(csv, settings.Rows, seed: 42, withBadRows: false);
            var fileBytes = new FileInfo(csv).Length;
            Console.WriteLine($"Wrote {settings.Rows:N0} clean leads ({fileBytes / 1e6:0.0} MB) in {generate.Elapsed.TotalSeconds:0.0} s");

            await using var postgres = await BundledPostgres.StartAsync(Path.Combine(work, "state"), logger, ct: ct);
            await using var db = NpgsqlDataSource.Create(postgres.ConnectionString());
            await PrepareAsync(db, logger, fileBytes, ct);

            var psql = new List<double>();
            var ours = new List<OursRun>();
            for (var round = 1; round <= settings.Repeats; round++)
            {
                if (!settings.SkipBaseline)
                {
                    await ResetAsync(db, ct);
                    psql.Add(await RunPsqlAsync(postgres, db, csv, settings.Rows, ct));
                    Console.WriteLine($"round {round}: psql \\copy      {psql[^1],7:0.00} s");
                }

                await ResetAsync(db, ct);
                ours.Add(await RunOursAsync(applianceDll, postgres.ConnectionString(), csv, settings.Rows, ct));
                Console.WriteLine($"round {round}: appliance ingest {ours[^1].Seconds,7:0.00} s inner, {ours[^1].WallSeconds:0.00} s wall, peak RSS {ours[^1].PeakRssMb:0} MB");
            }

            var report = Report(settings, fileBytes, psql, ours);
            if (settings.JsonOut is not null)
            {
                await File.WriteAllTextAsync(settings.JsonOut.FullName, report.ToJsonString(new JsonSerializerOptions { WriteIndented = true }), ct);
            }

            return 0;
        }
        finally
        {
            // The cluster is stopped by now (await using); its files belong to us or, as root, to postgres.
            if (Directory.Exists(work))
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }

    private static async Task PrepareAsync(NpgsqlDataSource db, ILogger logger, long fileBytes, CancellationToken ct)
    {
        await Migrator.ApplyAsync(db, logger, ct);
        await using var conn = await db.OpenConnectionAsync(ct);
        var uploadId = await conn.ExecuteScalarAsync<long>(
            "INSERT INTO file_uploads (file_name, size_bytes, format, state) VALUES ('psql-baseline.csv', @fileBytes, 'csv', 'ingested') RETURNING id",
            new { fileBytes });
        await conn.ExecuteAsync(string.Format(CultureInfo.InvariantCulture, BaselineDefaults, uploadId));
    }

    private static async Task ResetAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        // Not Dapper: it would take the one-word "CHECKPOINT" for a stored procedure.
        await using var truncate = db.CreateCommand("TRUNCATE websites CASCADE");
        await truncate.ExecuteNonQueryAsync(ct);
        await using var checkpoint = db.CreateCommand("CHECKPOINT");
        await checkpoint.ExecuteNonQueryAsync(ct);
    }

    private static async Task<double> RunPsqlAsync(BundledPostgres postgres, NpgsqlDataSource db, string csv, int rows, CancellationToken ct)
    {
        var bundledPsql = Path.Combine(PostgresBinaries.Find().BinDirectory, "psql");
        var run = await RunProcessAsync(File.Exists(bundledPsql) ? bundledPsql : "psql",
            ["-X", "-q", "-h", postgres.SocketDirectory, "-U", BundledPostgres.SuperUser, "-d", BundledPostgres.DatabaseName,
             "-v", "ON_ERROR_STOP=1", "-c", string.Format(CultureInfo.InvariantCulture, BaselineCopy, csv)],
            environment: null, ct);
        await using var conn = await db.OpenConnectionAsync(ct);
        var loaded = await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM websites");
        if (run.ExitCode != 0 || loaded != rows)
        {
            throw new InvalidOperationException($"psql \\copy failed (exit {run.ExitCode}, {loaded} of {rows} rows): {run.Stderr}");
        }

        return run.Seconds;
    }

    private static async Task<OursRun> RunOursAsync(string applianceDll, string connectionString, string csv, int rows, CancellationToken ct)
    {
        var run = await RunProcessAsync("dotnet", [applianceDll, "ingest", csv, "--json"],
            new Dictionary<string, string> { ["APPLIANCE_ConnectionStrings__Postgres"] = connectionString }, ct);
        var result = run.ExitCode == 0 ? JsonNode.Parse(run.Stdout)?.AsObject() : null;
        if (result is null || (int)result["accepted"]! != rows || (int)result["rejected"]! != 0)
        {
            throw new InvalidOperationException($"appliance ingest failed (exit {run.ExitCode}): {run.Stdout}\n{run.Stderr}");
        }

        return new OursRun((double)result["seconds"]!, run.Seconds, (double)result["rows_per_second"]!,
            (long?)result["peak_rss_bytes"] is { } rss ? rss / MiB : double.NaN);
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr, double Seconds)> RunProcessAsync(
        string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment, CancellationToken ct)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        var seconds = clock.Elapsed.TotalSeconds;
        return (process.ExitCode, await stdout, await stderr, seconds);
    }

    private static JsonObject Report(Settings settings, long fileBytes, List<double> psql, List<OursRun> ours)
    {
        var psqlMedian = psql.Count > 0 ? Median(psql) : double.NaN;
        var inner = Median(ours.Select(o => o.Seconds));
        var wall = Median(ours.Select(o => o.WallSeconds));
        var rowsPerSecond = Median(ours.Select(o => o.RowsPerSecond));
        var peakRss = ours.Max(o => o.PeakRssMb);

        Console.WriteLine();
        Console.WriteLine($"Ingest: {settings.Rows:N0} rows, {fileBytes / 1e6:0.0} MB, {settings.Repeats} round(s), medians; {Environment.ProcessorCount} CPUs");
        Console.WriteLine($"  {"psql \\copy (s)",-28}{Show(psqlMedian, "0.00")}");
        Console.WriteLine($"  {"ours, inner (s)",-28}{Show(inner, "0.00")}");
        Console.WriteLine($"  {"ours, process wall (s)",-28}{Show(wall, "0.00")}");
        Console.WriteLine($"  {"ratio ours/psql, inner",-28}{Show(inner / psqlMedian, "0.00")}");
        Console.WriteLine($"  {"ratio ours/psql, wall",-28}{Show(wall / psqlMedian, "0.00")}");
        Console.WriteLine($"  {"ours rows/s (inner)",-28}{Show(rowsPerSecond, "N0")}");
        Console.WriteLine($"  {"ours peak RSS (MB, max)",-28}{Show(peakRss, "0")}");

        double? Json(double v) => double.IsFinite(v) ? Math.Round(v, 3) : null;
        return new JsonObject
        {
            ["rows"] = settings.Rows,
            ["repeats"] = settings.Repeats,
            ["file_bytes"] = fileBytes,
            ["processors"] = Environment.ProcessorCount,
            ["utc"] = DateTime.UtcNow.ToString("O"),
            ["psql_seconds"] = new JsonArray([.. psql.Select(s => (JsonNode?)Math.Round(s, 3))]),
            ["ours_seconds"] = new JsonArray([.. ours.Select(o => (JsonNode?)o.Seconds)]),
            ["ours_wall_seconds"] = new JsonArray([.. ours.Select(o => (JsonNode?)Math.Round(o.WallSeconds, 3))]),
            ["ours_peak_rss_mb"] = new JsonArray([.. ours.Select(o => (JsonNode?)Math.Round(o.PeakRssMb, 1))]),
            ["median_psql_seconds"] = Json(psqlMedian),
            ["median_ours_seconds"] = Json(inner),
            ["median_ours_wall_seconds"] = Json(wall),
            ["ratio_inner"] = Json(inner / psqlMedian),
            ["ratio_wall"] = Json(wall / psqlMedian),
            ["median_rows_per_second"] = Json(rowsPerSecond),
            ["max_peak_rss_mb"] = Json(peakRss),
        };
    }

    private static string Show(double value, string format) => double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) : "—";

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
