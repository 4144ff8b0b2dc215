using System.Globalization;
using Appliance.Reports.Capacity;
using Appliance.Reports.Report;
using Dapper;
using Npgsql;

namespace Appliance.Runs;

/// <summary>A stored run turned into the capacity model's inputs, with the sweeps the model prices concurrency from.</summary>
public sealed record CapacityModelInputs(
    RunRecord Run, RunSummary Summary, ProjectionInput Projection, PerRowCosts PerRow,
    IReadOnlyList<CounterSample> ScrapeSamples, IReadOnlyList<CounterSample> GenerateSamples,
    StageSweep Scrape, StageSweep Generate, DatabaseLoad? Database, int Nodes)
{
    /// <summary>The run's samples as stored, every node's own rows (per-node figures).</summary>
    public IReadOnlyList<TelemetrySample> Stored { get; init; } = [];

    /// <summary>The same samples as one series on the measuring node's clock (<see cref="RunSeries"/>), completions per interval.</summary>
    public IReadOnlyList<TelemetrySample> Series { get; init; } = [];

    /// <summary>What the LLM pacer charges a call: the prompt tokens measured per message plus the output it reserves.</summary>
    public double TokensPerMessage(int maxOutputTokens) =>
        (double)Summary.Resources.PromptTokens / Math.Max(1, Summary.Generate.Outcomes.GetValueOrDefault("done")) + maxOutputTokens;
}

/// <summary>
/// Reads what the capacity model and the report need from PostgreSQL — the run's summary, its 1 s samples (read once,
/// here), the newest sweeps — and maps it onto the model's plain records (reports/Capacity), which do no I/O.
/// </summary>
public sealed class CapacityInputs(RunStore runs, NpgsqlDataSource dataSource)
{
    private const string Samples = """
        SELECT extract(epoch FROM ts - @started)::float8 AS SecondsSinceStart, interval_seconds AS IntervalSeconds,
               load1 AS Load1, load5 AS Load5, load15 AS Load15, cpu_user AS CpuUser, cpu_nice AS CpuNice, cpu_system AS CpuSystem,
               cpu_iowait AS CpuIowait, cpu_irq AS CpuIrq, cpu_softirq AS CpuSoftirq, cpu_steal AS CpuSteal, cpu_idle AS CpuIdle,
               mem_used_bytes AS MemUsedBytes, mem_available_bytes AS MemAvailableBytes, disk_read_bytes_per_s AS DiskReadBytesPerS,
               disk_write_bytes_per_s AS DiskWriteBytesPerS, disk_iops AS DiskIops, disk_wait_ms AS DiskWaitMs, disk_queue_depth AS DiskQueueDepth,
               net_rx_bytes_per_s AS NetRxBytesPerS, net_tx_bytes_per_s AS NetTxBytesPerS, psi_cpu_some AS PsiCpuSome,
               psi_memory_some AS PsiMemorySome, psi_memory_full AS PsiMemoryFull, psi_io_some AS PsiIoSome, psi_io_full AS PsiIoFull,
               ingest_completed AS IngestCompleted, scrape_completed AS ScrapeCompleted, generate_completed AS GenerateCompleted,
               ingest_in_flight AS IngestInFlight, scrape_in_flight AS ScrapeInFlight, generate_in_flight AS GenerateInFlight,
               process_rss_bytes AS ProcessRssBytes, process_cpu_cores AS ProcessCpuCores,
               probe_compute_ms AS ProbeComputeMs, probe_memory_ms AS ProbeMemoryMs,
               db_connections AS DbConnections, db_commits AS DbCommits, db_rows_written AS DbRowsWritten, node AS Node
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

        var stored = await StoredSamplesAsync(id, s.StartedAt, ct);
        var series = OnOwnersClock(stored, run.Node);
        return Build(run, [.. series.Select(RunSample.From)], await SweepAsync("scrape", ct), await SweepAsync("generate", ct))
            with { Stored = stored, Series = series };
    }

    /// <summary>A run's 1 s samples as stored, every node's, seconds counted from the run's start: the one read of <c>metric_samples</c>.</summary>
    public async Task<IReadOnlyList<TelemetrySample>> StoredSamplesAsync(long runId, DateTime startedAt, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return [.. await conn.QueryAsync<TelemetrySample>(new CommandDefinition(Samples,
            new { runId, started = DateTime.SpecifyKind(startedAt, DateTimeKind.Utc) }, cancellationToken: ct))];
    }

    /// <summary>
    /// The samples as one series (<see cref="RunSeries"/>): the measuring node's own rows — one host's CPU, memory and
    /// in-flight, one reading of the database's counters — carrying every node's completions, so the stage rates are the
    /// run's and not one node's share.
    /// </summary>
    public static List<TelemetrySample> OnOwnersClock(IEnumerable<TelemetrySample> stored, string? owner) =>
        RunSeries.OnOwnersClock(stored, owner, x => x.Node, (a, b) => a with
        {
            IngestCompleted = a.IngestCompleted + b.IngestCompleted, ScrapeCompleted = a.ScrapeCompleted + b.ScrapeCompleted,
            GenerateCompleted = a.GenerateCompleted + b.GenerateCompleted,
        });

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
        var hosts = new HostLimits(run.Configuration.MaxConnectionsPerHost, run.Configuration.PerHostDelayMs / 1000.0);
        var cores = Math.Min(run.Host.LogicalCpus > 0 ? run.Host.LogicalCpus : Environment.ProcessorCount, s.Resources.UsableCpus ?? int.MaxValue);
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
    public static StageSweep Fit(string stage, long? sweepId, IReadOnlyList<SweepPoint> points) =>
        StageSweep.Of(stage, sweepId, [.. points.Select(p => new ConcurrencyPoint(p.Concurrency, p.Throughput))]);

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
}

/// <summary>One <c>metric_samples</c> row as the model reads it: items completed in the interval ending at <see cref="Seconds"/> (from the run's start).
/// The database's counters are cumulative (pg_stat_database); null in samples stored before they were recorded, as is <see cref="Node"/>.
/// Each stage's own in-flight gauge is null in recordings that kept only their sum (<see cref="InFlight"/>).</summary>
public sealed record RunSample(double Seconds, long Scrape, long Generate, long InFlight, long? Rss, double? Cpu,
    long? DbConnections = null, long? DbCommits = null, long? DbRowsWritten = null, string? Node = null,
    long? ScrapeInFlight = null, long? GenerateInFlight = null, double? HostBusy = null, double? ComputeMs = null, double? MemoryMs = null)
{
    /// <summary>
    /// The columns the model reads from a stored sample (recorded runs keep this narrower shape: tests/fixtures/runs/).
    /// <see cref="HostBusy"/> is the share of all the host's CPUs busy over the interval (1 − idle − iowait: the appliance,
    /// PostgreSQL, the lab when local, and everything else); null in fixtures recorded before it was carried. <see cref="ComputeMs"/>
    /// and <see cref="MemoryMs"/> are the host speed probe's readings with the sample (more is a slower host); null before they were recorded.
    /// </summary>
    public static RunSample From(TelemetrySample x) => new(x.SecondsSinceStart, x.ScrapeCompleted, x.GenerateCompleted,
        x.ScrapeInFlight + x.GenerateInFlight, x.ProcessRssBytes, x.ProcessCpuCores, x.DbConnections, x.DbCommits, x.DbRowsWritten, x.Node,
        x.ScrapeInFlight, x.GenerateInFlight, x.CpuIdle is { } idle ? Math.Clamp(1 - idle - (x.CpuIowait ?? 0), 0, 1) : null,
        x.ProbeComputeMs, x.ProbeMemoryMs);
}
