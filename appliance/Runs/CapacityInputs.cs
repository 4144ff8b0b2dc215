using System.Globalization;
using System.Text.Json;
using Appliance.Reports.Capacity;
using Dapper;
using Npgsql;

namespace Appliance.Runs;

/// <summary>A stored run turned into the capacity model's inputs, with the sweeps the model prices concurrency from.</summary>
public sealed record CapacityModelInputs(
    RunRecord Run, RunSummary Summary, ProjectionInput Projection, PerRowCosts PerRow,
    IReadOnlyList<CounterSample> ScrapeSamples, IReadOnlyList<CounterSample> GenerateSamples,
    StageSweep Scrape, StageSweep Generate, DatabaseLoad? Database, int Nodes);

/// <summary>A stage's newest concurrency sweep and its USL fit (or why there is none).</summary>
public sealed record StageSweep(string Stage, long? SweepRunId, IReadOnlyList<SweepPoint> Points, UslModel? Fit, string? FitError);

/// <summary>
/// Reads what the capacity model needs from PostgreSQL — the run's summary, its 1 s samples, the newest sweeps —
/// and maps it onto the model's plain records (reports/Capacity), which do no I/O.
/// </summary>
public sealed class CapacityInputs(RunStore runs, NpgsqlDataSource dataSource)
{
    private const string Samples = """
        SELECT extract(epoch FROM ts - @started)::float8 AS Seconds, scrape_completed AS Scrape, generate_completed AS Generate,
               scrape_in_flight + generate_in_flight AS InFlight, process_rss_bytes AS Rss, process_cpu_cores AS Cpu,
               db_connections AS DbConnections, db_commits AS DbCommits, db_rows_written AS DbRowsWritten, node AS Node,
               scrape_in_flight AS ScrapeInFlight, generate_in_flight AS GenerateInFlight
        FROM metric_samples WHERE run_id = @runId ORDER BY ts
        """;

    /// <summary>The newest finished run when <paramref name="runId"/> is null.</summary>
    public async Task<CapacityModelInputs> LoadAsync(long? runId, CancellationToken ct)
    {
        var id = runId ?? await runs.LatestAsync("run", ct) ?? throw new ProjectionException("no finished run is stored yet: run `appliance run --lab-rows 5000` (or --file FILE) first");
        var run = await runs.GetAsync(id, ct) ?? throw new ProjectionException($"run {id} does not exist");
        if (run.Kind != "run" || run.Summary is not { } s)
        {
            throw new ProjectionException($"run {id} is a {run.Kind} in state '{run.State}': only a finished run can be projected");
        }

        var samples = await SamplesAsync(id, s.StartedAt, run.Node, ct);
        return Build(run, samples, await SweepAsync("scrape", ct), await SweepAsync("generate", ct));
    }

    /// <summary>
    /// A run's 1 s samples, seconds counted from the run's start, as one series (<see cref="RunSeries"/>): the measuring
    /// node's own rows — one host's CPU, memory and in-flight, one reading of the database's counters — carrying every
    /// node's completions, so the stage rates are the run's and not one node's share.
    /// </summary>
    public async Task<IReadOnlyList<RunSample>> SamplesAsync(long runId, DateTime startedAt, string? owner, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<RunSample>(new CommandDefinition(Samples,
            new { runId, started = DateTime.SpecifyKind(startedAt, DateTimeKind.Utc) }, cancellationToken: ct));
        return RunSeries.OnOwnersClock(rows, owner, x => x.Node, (a, b) => a with { Scrape = a.Scrape + b.Scrape, Generate = a.Generate + b.Generate });
    }

    /// <summary>The mapping itself, without I/O: what the recorded-run test feeds with fixtures.</summary>
    public static CapacityModelInputs Build(RunRecord run, IReadOnlyList<RunSample> samples, StageSweep scrapeSweep, StageSweep generateSweep)
    {
        var s = run.Summary ?? throw new ProjectionException($"run {run.Id} has no summary");
        var scrape = CounterSample.Accumulate(samples.Select(x => (x.Seconds, x.Scrape)));
        var generate = CounterSample.Accumulate(samples.Select(x => (x.Seconds, x.Generate)));
        var scrapeRate = OrBusyRate(StageRate.Estimate(scrape), samples.Select(x => (x.Seconds, x.Scrape)));
        var generateRate = OrBusyRate(StageRate.Estimate(generate), samples.Select(x => (x.Seconds, x.Generate)));

        var shape = s.Shape;
        var fetches = Math.Max(1, shape.DistinctUrls);
        var mix = ScrapeMix.From(s.Rows, shape.DistinctUrls, shape.DistinctHosts, shape.LargestHostUrls, new FailureMix(
            shape.OkMeanSeconds, (double)shape.FastFailures / fetches, shape.FastFailureMeanSeconds, (double)shape.SlowFailures / fetches, shape.SlowFailureMeanSeconds));
        var config = run.Configuration;
        var hosts = new HostLimits(Int(config, "scrape.max_connections_per_host", 4), Int(config, "scrape.per_host_delay_ms", 0) / 1000.0);
        var cores = run.Host.TryGetProperty("logical_cpus", out var c) && c.TryGetInt32(out var n) ? n : Environment.ProcessorCount;
        var messages = s.Generate.Outcomes.GetValueOrDefault("done") + s.Generate.Outcomes.GetValueOrDefault("failed");

        var nodes = Math.Max(1, s.Nodes.Select(n => n.Node).Distinct().Count());
        var database = DatabaseLoad.Measure([.. samples.Where(x => x.DbConnections is not null && x.DbCommits is not null && x.DbRowsWritten is not null)
            .Select(x => new DatabaseSample(x.Seconds, x.DbConnections!.Value, x.DbCommits!.Value, x.DbRowsWritten!.Value))], s.Ingest.EndSeconds, s.Rows, nodes);
        var measurements = new RunMeasurements(s.Rows, s.Seconds, s.Ingest.Seconds,
            new StageMeasurement("scrape", scrapeRate, s.Resources.ScrapeConcurrency)
            {
                ProcessCpuCores = MeanCpu(samples, scrapeRate),
                MeanItemSeconds = s.Scrape.Latency?.Mean ?? 0,
            },
            new StageMeasurement("generate", generateRate, s.Resources.GenerateConcurrency)
            {
                ItemsPerRow = s.Rows > 0 ? (double)messages / s.Rows : 1,
                ProcessCpuCores = MeanCpu(samples, generateRate),
                MeanItemSeconds = s.Generate.Latency?.Mean ?? 0,
            },
            mix, hosts, cores)
        {
            StageOverlap = StageOverlap.Between(scrapeRate, generateRate),
            Service = ServiceInputs.From(run, s, samples, scrapeRate, database),
        };

        var memory = samples.Count == 0 ? new MemoryModel(s.Resources.PeakRssBytes, 0)
            : MemoryModel.Fit([.. samples.Where(x => x.Rss is not null).Select(x => ((double)x.InFlight, (double)x.Rss!.Value))]);
        var perRow = PerRowCosts.FromTotals(Math.Max(1, s.Rows), s.Resources.CpuSeconds, s.Resources.TableBytes, s.Resources.IndexBytes,
            s.Resources.DownloadedBytes, s.Resources.PromptTokens, s.Resources.CompletionTokens, memory);
        var input = new ProjectionInput(measurements) { ScrapeUsl = scrapeSweep.Fit, GenerateUsl = generateSweep.Fit };
        return new CapacityModelInputs(run, s, input, perRow, scrape, generate, scrapeSweep, generateSweep, database, nodes);
    }

    /// <summary>
    /// The shared database's ceilings for the K-node projection: its connection budget now (<c>max_connections</c> less
    /// the superuser's reserve), and rows written and commits a second as given, else what the run demonstrated.
    /// </summary>
    public async Task<DatabaseLimits> LimitsAsync(CapacityModelInputs model, double? rowsPerSecond, double? commitsPerSecond, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var (max, reserved) = await conn.QuerySingleAsync<(int, int)>(new CommandDefinition(
            "SELECT current_setting('max_connections')::int, current_setting('superuser_reserved_connections')::int", cancellationToken: ct));
        return Limits(model, max, reserved, new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).MaxPoolSize, rowsPerSecond, commitsPerSecond);
    }

    /// <summary>The ceilings and, in words, what each rests on (without I/O, for tests).</summary>
    public static DatabaseLimits Limits(CapacityModelInputs model, int maxConnections, int reserved, int poolSize, double? rowsPerSecond, double? commitsPerSecond)
    {
        var db = model.Database;
        var rows = rowsPerSecond ?? (db is { PeakRowsWrittenPerSecond: > 0 } ? db.PeakRowsWrittenPerSecond : null);
        var basis = new List<string>
        {
            rowsPerSecond is { } given ? F($"{given:N0} rows written/s as given")
                : rows is { } peak ? F($"{peak:N0} rows written/s, the most the database wrote in one second of run {model.Run.Id} (usually ingest's COPY): a rate it demonstrated, so a lower bound of its capacity, though bulk COPY rows come cheaper than the stages' updates")
                : "rows written/s unknown (no database counters in the run's samples)",
            commitsPerSecond is { } commits ? F($"{commits:N0} commits/s as given")
                : F($"commits/s not priced: a run that never pushed the database to its commit limit cannot show it{(db is null ? "" : F($" (the peak seen was {db.PeakCommitsPerSecond:N0}/s)"))}; give --db-commits-per-s from a benchmark of the server"),
            F($"{maxConnections - reserved} connections (max_connections {maxConnections} − {reserved} reserved)")
                + (db is null ? "" : F($"; a node held {db.ConnectionsPerNode:0.#} at the run's peak (with the queues in memory; in PostgreSQL its Hangfire workers add theirs, ~30 a node in docs/benchmarks.md) and may open up to {poolSize} (Maximum Pool Size)")),
        };
        return new DatabaseLimits(rows, commitsPerSecond, maxConnections - reserved, string.Join("; ", basis));
    }

    public async Task<StageSweep> SweepAsync(string stage, CancellationToken ct)
    {
        var (sweepId, points) = await runs.LatestSweepAsync(stage, ct);
        return Fit(stage, sweepId, points);
    }

    /// <summary>A USL fit of stored sweep points, or the reason there is none.</summary>
    public static StageSweep Fit(string stage, long? sweepId, IReadOnlyList<SweepPoint> points)
    {
        if (points.Count == 0)
        {
            return new StageSweep(stage, null, points, null, $"no {stage} sweep stored (appliance sweep --stage {stage})");
        }

        try
        {
            return new StageSweep(stage, sweepId, points, UslModel.Fit([.. points.Select(p => new ConcurrencyPoint(p.Concurrency, p.Throughput))]), null);
        }
        catch (UslFitException e)
        {
            return new StageSweep(stage, sweepId, points, null, e.Message);
        }
    }

    /// <summary>
    /// A stage that finished its work in a few bursts (the template generator on a few chunks: each chunk's
    /// messages in well under a second) has no steady window; its capacity is then what it did per second
    /// while it had work — items over the seconds in which it completed any — with a ±20% interval.
    /// </summary>
    private static RateEstimate OrBusyRate(RateEstimate estimate, IEnumerable<(double Seconds, long Delta)> intervals)
    {
        var busy = intervals.Where(i => i.Delta > 0).ToList();
        if (estimate.HasValue || busy.Count == 0 || estimate.TotalCompleted < StageRate.MinimumItems)
        {
            return estimate;
        }

        var rate = busy.Sum(i => i.Delta) / (double)busy.Count;
        return new RateEstimate(rate, rate * 0.8, rate * 1.2, busy[0].Seconds - 1, busy[^1].Seconds, busy.Count)
        {
            TotalCompleted = busy.Sum(i => i.Delta),
            FirstCompletionSeconds = busy[0].Seconds,
            LastCompletionSeconds = busy[^1].Seconds,
        };
    }

    private static double MeanCpu(IReadOnlyList<RunSample> samples, RateEstimate window)
    {
        var inWindow = samples.Where(x => x.Cpu is not null && (!window.HasValue || (x.Seconds >= window.WindowStartSeconds && x.Seconds <= window.WindowEndSeconds))).ToList();
        return inWindow.Count == 0 ? 0 : inWindow.Average(x => x.Cpu!.Value);
    }

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private static int Int(IReadOnlyDictionary<string, string?> config, string key, int fallback) =>
        config.TryGetValue(key, out var v) && int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : fallback;
}

/// <summary>One <c>metric_samples</c> row as the model reads it: items completed in the interval ending at <see cref="Seconds"/> (from the run's start).
/// The database's counters are cumulative (pg_stat_database); null in samples stored before they were recorded, as is <see cref="Node"/>.
/// Each stage's own in-flight gauge is null in recordings that kept only their sum (<see cref="InFlight"/>).</summary>
public sealed record RunSample(double Seconds, long Scrape, long Generate, long InFlight, long? Rss, double? Cpu,
    long? DbConnections = null, long? DbCommits = null, long? DbRowsWritten = null, string? Node = null,
    long? ScrapeInFlight = null, long? GenerateInFlight = null);
