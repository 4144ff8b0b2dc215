using System.Globalization;
using System.Text.Json;
using Appliance.Generate;
using Appliance.Pipeline;
using Appliance.Reports.Capacity;
using Appliance.Reports.Report;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using Report = Appliance.Reports.Report;

namespace Appliance.Runs;

/// <summary>
/// The capacity report of a stored run: reads the run, its samples, the newest sweeps and the database's own
/// description (version, indexes), runs the capacity model for 500,000 rows, and hands the report plain data.
/// </summary>
public sealed class RunReport(CapacityInputs inputs, NpgsqlDataSource dataSource, IOptions<LlmOptions> llm)
{
    public const long ProjectedRows = 500_000;
    public const int CustomerConcurrency = 32;

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
               process_rss_bytes AS ProcessRssBytes, process_cpu_cores AS ProcessCpuCores, node AS Node
        FROM metric_samples WHERE run_id = @runId
        ORDER BY ts
        """;

    private const string Indexes = """
        SELECT tablename AS "Table", indexname AS "Name", indexdef AS "Definition" FROM pg_indexes
        WHERE schemaname = current_schema() AND tablename IN ('file_uploads', 'websites', 'messages', 'upload_rejects', 'runs', 'metric_samples', 'sweep_points')
        ORDER BY tablename, indexname
        """;

    public async Task WriteAsync(long? runId, long? baselineId, Stream output, CancellationToken ct)
    {
        var input = await BuildAsync(runId, baselineId, ct);
        CapacityReport.Write(input, output);
    }

    public async Task<ReportInput> BuildAsync(long? runId, long? baselineId, CancellationToken ct)
    {
        var model = await inputs.LoadAsync(runId, ct);
        var run = model.Run;
        var s = model.Summary;
        var projection = Project(model);
        var scaling = NodeScaling.Project(model.Projection, ProjectedRows, model.Database, await inputs.LimitsAsync(model, null, null, ct), model.Nodes);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rows = (await conn.QueryAsync<TelemetrySample>(new CommandDefinition(Samples,
            new { runId = run.Id, started = DateTime.SpecifyKind(s.StartedAt, DateTimeKind.Utc) }, cancellationToken: ct))).ToList();
        var samples = Cumulative(RunSeries.OnOwnersClock(rows, run.Node, x => x.Node, (a, b) => a with
        {
            IngestCompleted = a.IngestCompleted + b.IngestCompleted, ScrapeCompleted = a.ScrapeCompleted + b.ScrapeCompleted,
            GenerateCompleted = a.GenerateCompleted + b.GenerateCompleted,
        }));
        var version = await conn.ExecuteScalarAsync<string>(new CommandDefinition("SHOW server_version", cancellationToken: ct));
        var indexes = (await conn.QueryAsync<IndexInfo>(new CommandDefinition(Indexes, cancellationToken: ct))).ToList();
        var config = run.Configuration.Where(c => c.Value is not null).Select(c => KeyValuePair.Create(c.Key, c.Value!)).ToList();
        string? Config(string key) => run.Configuration.TryGetValue(key, out var v) ? v : null;

        var inFlight = s.Resources.ScrapeConcurrency + s.Resources.GenerateConcurrency;
        var resources = Reports.Capacity.ResourceEstimate.For(ProjectedRows, model.PerRow, inFlight, Price());
        var report = new ReportInput
        {
            Run = new RunInfo
            {
                Id = run.Id, StartedUtc = DateTime.SpecifyKind(s.StartedAt, DateTimeKind.Utc), FinishedUtc = DateTime.SpecifyKind(s.FinishedAt, DateTimeKind.Utc),
                Rows = s.Rows, FileName = s.Source, SecondsWall = s.Seconds, Configuration = config,
                Generator = Config("generate.generator"), LlmEndpoint = Config("llm.base_url"),
                UsesLabWeb = Config("lab.web") == "true", UsesLabLlm = Config("lab.llm") == "true",
            },
            Host = Host(run.Host),
            Samples = samples,
            Stages = [Stage(s.Ingest, null, null), Stage(s.Scrape, model.Projection.Run.Scrape.Rate, s.Resources.ScrapeConcurrency),
                Stage(s.Generate, model.Projection.Run.Generate.Rate, s.Resources.GenerateConcurrency)],
            Stack = new StackInfo
            {
                Components = Components(s, Config("lab.web") == "true" || Config("lab.llm") == "true"),
                Queues = [.. Pipeline.Queues.Workers.Select(w => new QueueInfo(w.Key, w.Value, null))],
                ConcurrencySettings = config.Where(c => c.Key.Contains("concurrency", StringComparison.Ordinal) || c.Key.Contains("per_host", StringComparison.Ordinal) || c.Key == "jobs.workers").ToList(),
                PostgresVersion = version,
                Indexes = indexes,
            },
            Nodes = Nodes(s, rows),
            Scalability = [Scalability(model.Scrape), Scalability(model.Generate)],
            Projection = projection,
            NodeScaling = new NodeScalingProjection(scaling.Rows,
                [.. scaling.ByNodes.Select(n => new NodeCountProjection(n.Nodes, n.Seconds, n.RowsPerSecond, n.Limit, n.Fits))],
                scaling.UsefulNodes, scaling.Reason, scaling.Basis),
            Resources = new Report.ResourceEstimate
            {
                Rows = ProjectedRows,
                CpuCoreSecondsPerRow = model.PerRow.CpuCoreSeconds, CpuCoreSecondsTotal = resources.CpuCoreSeconds,
                MemoryBytesAtRecommended = (long)resources.MemoryBytes, MemoryBytesPerInFlightItem = (long)model.PerRow.Memory.BytesPerInFlight,
                RecommendedConcurrency = projection.RecommendedConcurrency,
                StorageBytesPerRow = model.PerRow.TableBytes + model.PerRow.IndexBytes, StorageBytesTotal = resources.DatabaseBytes,
                DownloadBytesPerRow = model.PerRow.DownloadBytes, DownloadBytesTotal = resources.DownloadBytes,
                TokensPerRow = model.PerRow.PromptTokens + model.PerRow.CompletionTokens, TokensTotal = resources.Tokens,
                CostTotal = resources.Cost is { } c ? (decimal)c : null, CostPerRow = resources.Cost is { } cr ? (decimal)(cr / ProjectedRows) : null,
                Currency = resources.Currency,
            },
            MethodNotes = MethodNotes(model, samples.Count),
        };
        return baselineId is { } b ? report with { Baseline = KeyFigures.From(await BuildAsync(b, null, ct)) } : report;
    }

    /// <summary>500,000 rows as measured, and at the customer's concurrency, the recommended one and the sweep's levels.</summary>
    private static Report.ProjectionResult Project(CapacityModelInputs model)
    {
        var p = CapacityProjector.Project(model.Projection, ProjectedRows);
        var levels = new SortedSet<int> { CustomerConcurrency };
        if (p.RecommendedConcurrency is { } r)
        {
            levels.Add(r);
        }

        foreach (var point in model.Scrape.Points.Concat(model.Generate.Points))
        {
            levels.Add(point.Concurrency);
        }

        var byConcurrency = model.Scrape.Fit is null && model.Generate.Fit is null ? [] : levels.Select(n =>
        {
            var at = CapacityProjector.Project(model.Projection with { WhatIf = new Scenario { ScrapeConcurrency = n, GenerateConcurrency = n } }, ProjectedRows);
            return new ConcurrencyProjection(n, at.SecondsExpected, at.SecondsLow, at.SecondsHigh);
        }).ToList();
        return new Report.ProjectionResult
        {
            Rows = p.Rows, SecondsExpected = p.SecondsExpected, SecondsLow = p.SecondsLow, SecondsHigh = p.SecondsHigh,
            Bottleneck = p.Bottleneck, Reason = p.Reason, StageSeconds = [.. p.Stages.Select(x => new Report.StageTime(x.Stage, x.Seconds))],
            ByConcurrency = byConcurrency, CustomerConcurrency = CustomerConcurrency, RecommendedConcurrency = p.RecommendedConcurrency,
        };
    }

    /// <summary>
    /// Each node's rows and rate per stage, and its host figures from the samples it took up to the run's end (a node
    /// that follows another's run notices the end a few seconds late); busiest first. A node that sampled but finished
    /// no row is listed too.
    /// </summary>
    private static List<NodeResult> Nodes(RunSummary s, IReadOnlyList<TelemetrySample> samples)
    {
        var wall = (s.FinishedAt - s.StartedAt).TotalSeconds;
        var sampled = samples.Where(x => x.Node is not null && x.SecondsSinceStart <= wall).GroupBy(x => x.Node!).ToDictionary(g => g.Key, g => g.ToList());
        var shares = s.Nodes.GroupBy(n => n.Node).ToDictionary(g => g.Key, g => g.ToList());
        if (shares.Count == 0)
        {
            return [];
        }

        return
        [
            .. shares.Keys.Union(sampled.Keys).Select(name =>
            {
                var share = shares.GetValueOrDefault(name) ?? [];
                var scrape = share.FirstOrDefault(n => n.Stage == "scrape");
                var generate = share.FirstOrDefault(n => n.Stage == "generate");
                var own = sampled.GetValueOrDefault(name) ?? [];
                return new NodeResult(name, scrape?.Items ?? 0, scrape?.RowsPerMinute ?? 0, generate?.Items ?? 0, generate?.RowsPerMinute ?? 0)
                {
                    Samples = own.Count,
                    ProcessCpuCores = Mean(own.Select(x => x.ProcessCpuCores)),
                    Load1 = Mean(own.Select(x => x.Load1)),
                    PeakRssBytes = own.Max(x => x.ProcessRssBytes),
                };
            }).OrderByDescending(n => n.Scraped + n.Generated).ThenBy(n => n.Name, StringComparer.Ordinal),
        ];
    }

    private static double? Mean(IEnumerable<double?> values)
    {
        var known = values.OfType<double>().ToList();
        return known.Count == 0 ? null : known.Average();
    }

    /// <summary>The stages' completions per interval made cumulative, as the report's series are.</summary>
    private static List<TelemetrySample> Cumulative(IEnumerable<TelemetrySample> samples)
    {
        long ingest = 0, scrape = 0, generate = 0;
        return
        [
            .. samples.Select(x => x with
            {
                IngestCompleted = ingest += x.IngestCompleted, ScrapeCompleted = scrape += x.ScrapeCompleted, GenerateCompleted = generate += x.GenerateCompleted,
            }),
        ];
    }

    private TokenPrice? Price() => llm.Value is { PromptPricePerMillion: { } prompt, CompletionPricePerMillion: { } completion } o
        ? new TokenPrice(prompt, completion, o.Currency) : null;

    private static StageResult Stage(StageSummary s, RateEstimate? rate, int? concurrency) => new()
    {
        Name = s.Stage,
        Outcomes = [.. s.Outcomes.Select(o => new NamedCount(o.Key, o.Value))],
        RowsPerMinute = s.RowsPerMinute,
        RowsPerMinuteLow = rate is { HasValue: true } r ? r.Low * 60 : null,
        RowsPerMinuteHigh = rate is { HasValue: true } h ? h.High * 60 : null,
        P50Seconds = s.Latency?.P50, P90Seconds = s.Latency?.P90, P99Seconds = s.Latency?.P99,
        Histogram = [.. (s.Latency?.Histogram ?? []).Select(b => new HistogramBucket(b.UpperSeconds, b.Count))],
        FailuresByReason = [.. s.Failures.OrderByDescending(f => f.Value).Select(f => new NamedCount(f.Key, f.Value))],
        Concurrency = concurrency,
    };

    private static StageScalability Scalability(StageSweep sweep) => new()
    {
        Stage = sweep.Stage,
        Points = [.. sweep.Points.Select(p => new Report.SweepPoint(p.Concurrency, p.Throughput))],
        Sigma = sweep.Fit?.Sigma, Kappa = sweep.Fit?.Kappa, Lambda = sweep.Fit?.Lambda, RSquared = sweep.Fit?.RSquared,
        PeakConcurrency = sweep.Fit?.PeakConcurrency, RecommendedConcurrency = sweep.Fit?.RecommendedConcurrency(),
        FitError = sweep.Points.Count == 0 ? null : sweep.FitError,
    };

    private static List<ComponentInfo> Components(RunSummary s, bool lab)
    {
        var list = new List<ComponentInfo>
        {
            new("appliance", "the daemon: API, Hangfire job server (in-memory storage), pipeline stages, collectors", s.Resources.PeakRssBytes, null),
            new("PostgreSQL", "the source of truth: uploads, websites, messages, runs, samples", null, null),
        };
        if (lab)
        {
            list.Add(new ComponentInfo("lab", "simulated websites and LLM on loopback, in a separate process (not measured)", null, null));
        }

        return list;
    }

    private static HostInfo Host(JsonElement h)
    {
        string? Str(string name) => h.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        double? Num(string name) => h.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;
        var disks = h.TryGetProperty("disks", out var d) && d.ValueKind == JsonValueKind.Array
            ? d.EnumerateArray().Select(x => new DiskInfo(x.GetProperty("name").GetString() ?? "?",
                x.TryGetProperty("model", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null,
                x.TryGetProperty("size_bytes", out var sz) && sz.ValueKind == JsonValueKind.Number ? (long)sz.GetDouble() : null,
                x.TryGetProperty("rotational", out var rot) && rot.ValueKind is JsonValueKind.True or JsonValueKind.False ? rot.GetBoolean() : null)).ToList()
            : [];
        return new HostInfo
        {
            Hostname = Str("hostname") ?? "unknown host", Kernel = Str("kernel"), CpuModel = Str("cpu_model"),
            Cores = (int)(Num("logical_cpus") ?? Environment.ProcessorCount), RamBytes = Num("memory_bytes") is { } ram ? (long)ram : null, Disks = disks,
        };
    }

    private static List<string> MethodNotes(CapacityModelInputs model, int samples)
    {
        var s = model.Summary;
        string Rate(RateEstimate r) => r.HasValue
            ? string.Create(CultureInfo.InvariantCulture, $"{r.PerSecond * 60:N0}/min between {r.WindowStartSeconds:0} s and {r.WindowEndSeconds:0} s ({r.SampleCount} samples)")
            : r.Problem ?? "no estimate";
        var notes = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture, $"Run {s.RunId}: {s.Rows:N0} rows from {s.Source}, {samples:N0} one-second samples; wall time from the upload to the last message."),
            "Stage windows and outcomes come from the rows' own timestamps in PostgreSQL; latency percentiles from each row's measured fetch or LLM time.",
            $"Steady-state rates (10% to 90% of each stage's items, 90% block-bootstrap interval): scrape {Rate(model.Projection.Run.Scrape.Rate)}; generate {Rate(model.Projection.Run.Generate.Rate)}.",
            "CPU and memory are the appliance process's own (the lab, when used, runs in another process); storage is the growth of the per-row tables and their indexes.",
        };
        notes.AddRange(CapacityProjector.Project(model.Projection, ProjectedRows).Notes);
        return notes;
    }
}
