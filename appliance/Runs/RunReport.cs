using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using Appliance.Collectors;
using Appliance.Generate;
using Appliance.Reports.Capacity;
using Appliance.Reports.Report;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Appliance.Runs;

/// <summary>
/// The capacity report of a stored run: reads the run, its samples, the newest sweeps and the database's own
/// description (version, indexes), runs the capacity model for 500,000 rows, and hands the report plain data.
/// </summary>
public sealed class RunReport(CapacityInputs inputs, NpgsqlDataSource dataSource, IOptions<LlmOptions> llm, RunBacktests backtests, LlmAccountInputs accounts)
{
    public const long ProjectedRows = 500_000;
    public const int CustomerConcurrency = 32;

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
        var samples = Cumulative(model.Series);
        var version = await conn.ExecuteScalarAsync<string>(new CommandDefinition("SHOW server_version", cancellationToken: ct));
        var disk = await DiskAsync(conn, ct);
        var indexes = (await conn.QueryAsync<IndexInfo>(new CommandDefinition(Indexes, cancellationToken: ct))).ToList();
        var config = run.Configuration;
        var lab = config.LabWeb || config.LabLlm;

        var inFlight = s.Resources.ScrapeConcurrency + s.Resources.GenerateConcurrency;
        var resources = ResourceEstimate.For(ProjectedRows, model.PerRow, inFlight, Price());
        var report = new ReportInput
        {
            Run = new RunInfo
            {
                Id = run.Id, StartedUtc = DateTime.SpecifyKind(s.StartedAt, DateTimeKind.Utc), FinishedUtc = DateTime.SpecifyKind(s.FinishedAt, DateTimeKind.Utc),
                Rows = s.Rows, FileName = s.Source, SecondsWall = s.Seconds, Configuration = config.ByKey(),
                Generator = config.Generator, LlmEndpoint = config.LlmBaseUrl, UsesLabWeb = config.LabWeb, UsesLabLlm = config.LabLlm,
            },
            Host = Host(run.Host),
            Samples = samples,
            Stages = [Stage(s.Ingest, null, null), Stage(s.Scrape, model.Projection.Run.Scrape.Rate, s.Resources.ScrapeConcurrency),
                Stage(s.Generate, model.Projection.Run.Generate.Rate, s.Resources.GenerateConcurrency)],
            Model = model.Projection,
            Llm = await AccountAsync(model, config, ct),
            TrackRecord = await TrackRecordAsync(ct),
            Disk = disk,
            Stack = new StackInfo
            {
                Components = Components(s, lab, version),
                Runtime = RuntimeInformation.FrameworkDescription,
                ApplianceVersion = ApplianceVersion,
                Queues = [.. Pipeline.Queues.Workers.Select(w => new QueueInfo(w.Key, w.Value, null))],
                ConcurrencySettings = [.. config.ByKey().Where(c => c.Key.Contains("Concurrency", StringComparison.Ordinal) || c.Key.Contains("PerHost", StringComparison.Ordinal) || c.Key.Contains("workers", StringComparison.Ordinal))],
                PostgresVersion = version,
                Indexes = indexes,
            },
            Nodes = Nodes(s, model.Stored),
            Scalability = [Shown(model.Scrape), Shown(model.Generate)],
            Projection = projection,
            ByConcurrency = ByConcurrency(model, projection),
            CustomerConcurrency = CustomerConcurrency,
            NodeScaling = scaling,
            Resources = resources,
            MethodNotes = MethodNotes(model, samples.Count),
        };
        return baselineId is { } b ? report with { Baseline = KeyFigures.From(await BuildAsync(b, null, ct)) } : report;
    }

    private static ProjectionResult Project(CapacityModelInputs model) => CapacityProjector.Project(model.Projection, ProjectedRows);

    /// <summary>500,000 rows at the customer's concurrency, the recommended one and the sweep's levels (none without a fit).</summary>
    private static List<ConcurrencyProjection> ByConcurrency(CapacityModelInputs model, ProjectionResult p)
    {
        var levels = new SortedSet<int> { CustomerConcurrency };
        if (p.RecommendedConcurrency is { } r)
        {
            levels.Add(r);
        }

        foreach (var point in model.Scrape.Points.Concat(model.Generate.Points))
        {
            levels.Add((int)Math.Round(point.Concurrency));
        }

        return model.Scrape.Fit is null && model.Generate.Fit is null ? [] :
        [
            .. levels.Select(n => new ConcurrencyProjection(n, CapacityProjector.Project(
                model.Projection with { WhatIf = new Scenario { ScrapeConcurrency = n, GenerateConcurrency = n } }, ProjectedRows))),
        ];
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

    private static readonly string ApplianceVersion =
        typeof(RunReport).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(RunReport).Assembly.GetName().Version?.ToString() ?? "unknown";

    /// <summary>
    /// The LLM account as configured now (limits, price) with the run's model, and its routes for the projected rows (real time
    /// at the account's limits, the provider's batch API) when the run wrote its messages through an LLM; null otherwise.
    /// </summary>
    private async Task<LlmAccount?> AccountAsync(CapacityModelInputs model, RunSettings config, CancellationToken ct)
    {
        if (config.Generator != "llm")
        {
            return null;
        }

        var (plan, _) = await accounts.PlanAsync(model, ProjectedRows, null, null, ct);
        return new LlmAccount(config.LlmModel, plan?.Limits.RequestsPerMinute ?? config.LlmRequestsPerMinute ?? 0,
            plan?.Limits.TokensPerMinute ?? config.LlmTokensPerMinute ?? 0, model.TokensPerMessage(llm.Value.MaxOutputTokens), Price())
        {
            Routes = [.. (plan?.Routes ?? []).Select(r => new LlmRoute(r.Route, r.SecondsExpected, r.Cost, r.Cost is null ? null : "USD",
                $"{r.Binding}; {r.Basis}"))],
        };
    }

    /// <summary>What the model projected for each finished run from its own first tenth and from the run before, and what it took.</summary>
    private async Task<IReadOnlyList<TrackRecordRow>> TrackRecordAsync(CancellationToken ct) =>
        [.. (await backtests.ListAsync(backfill: false, ct))
            .Where(b => b.ProjectedSeconds is not null && b.LowSeconds is not null && b.HighSeconds is not null)
            .Select(b => new TrackRecordRow(
                b.Basis == RunBacktests.FirstTenth ? $"run {b.RunId} from its first tenth" : $"run {b.RunId} from run {b.FromRunId}",
                b.Rows, b.ProjectedSeconds!.Value, b.LowSeconds!.Value, b.HighSeconds!.Value, b.ActualSeconds, b.HostSlower))];

    /// <summary>Free space where PostgreSQL keeps its files; null when the server is elsewhere or will not say.</summary>
    private static async Task<DiskSpace?> DiskAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        try
        {
            var path = await conn.ExecuteScalarAsync<string>(new CommandDefinition("SHOW data_directory", cancellationToken: ct));
            if (path is null || !Directory.Exists(path))
            {
                return null;
            }

            var drive = new DriveInfo(path);
            return new DiskSpace(path, drive.AvailableFreeSpace, drive.TotalSize);
        }
        catch (Exception e) when (e is PostgresException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>A stage's one rate is the model's steady rate (rows a minute, with its interval); its whole span is kept apart.</summary>
    private static StageResult Stage(StageSummary s, RateEstimate? rate, int? concurrency) => new()
    {
        Name = s.Stage,
        Outcomes = [.. s.Outcomes.Select(o => new NamedCount(o.Key, o.Value))],
        RowsPerMinute = rate is { HasValue: true } p ? p.PerSecond * 60 : null,
        RowsPerMinuteLow = rate is { HasValue: true } r ? r.Low * 60 : null,
        RowsPerMinuteHigh = rate is { HasValue: true } h ? h.High * 60 : null,
        SteadyFromSeconds = rate is { HasValue: true } w ? w.WindowStartSeconds : null,
        SteadyToSeconds = rate is { HasValue: true } e ? e.WindowEndSeconds : null,
        SpanSeconds = s.Seconds,
        P50Seconds = s.Latency?.P50, P90Seconds = s.Latency?.P90, P99Seconds = s.Latency?.P99,
        Histogram = [.. (s.Latency?.Histogram ?? []).Select(b => new HistogramBucket(b.UpperSeconds, b.Count))],
        FailuresByReason = [.. s.Failures.OrderByDescending(f => f.Value).Select(f => new NamedCount(f.Key, f.Value))],
        Concurrency = concurrency,
    };

    /// <summary>A stage without a stored sweep has no fit error to show: its section says no points were recorded.</summary>
    private static StageSweep Shown(StageSweep sweep) => sweep.Points.Count == 0 ? sweep with { FitError = null } : sweep;

    private static List<ComponentInfo> Components(RunSummary s, bool lab, string? postgres)
    {
        var list = new List<ComponentInfo>
        {
            new("appliance", ApplianceVersion, "the daemon: API, Hangfire job server, pipeline stages, collectors", s.Resources.PeakRssBytes),
            new("PostgreSQL", postgres, "the source of truth: uploads, websites, messages, runs, samples", null),
        };
        if (lab)
        {
            list.Add(new ComponentInfo("lab", ApplianceVersion, "simulated websites and LLM on loopback, in a separate process", null));
        }

        return list;
    }

    private static HostInfo Host(HostInventory h) => new()
    {
        Hostname = string.IsNullOrEmpty(h.Hostname) ? "unknown host" : h.Hostname, Kernel = NullIfEmpty(h.Kernel), CpuModel = NullIfEmpty(h.CpuModel),
        Cores = h.LogicalCpus > 0 ? h.LogicalCpus : Environment.ProcessorCount, RamBytes = h.MemoryBytes > 0 ? (long)h.MemoryBytes : null,
        Disks = [.. (h.Disks ?? []).Select(d => new DiskInfo(d.Name, d.Model, (long)d.SizeBytes, d.Rotational))],
    };

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;

    private static List<string> MethodNotes(CapacityModelInputs model, int samples)
    {
        var s = model.Summary;
        var notes = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture, $"Run {s.RunId}: {s.Rows:N0} rows from {s.Source}, {samples:N0} one-second samples; wall time from the upload to the last message."),
            "Stage windows and outcomes come from the rows' own timestamps in PostgreSQL; latency percentiles from each row's measured fetch or LLM time.",
            "CPU and memory are the appliance process's own (the lab, when used, runs in another process); storage is the growth of the per-row tables and their indexes.",
        };
        foreach (var stage in new[] { model.Projection.Run.Scrape, model.Projection.Run.Generate }.Where(x => !x.Rate.HasValue))
        {
            notes.Add($"{stage.Name} has no steady rate: {stage.Rate.Problem}.");
        }

        notes.AddRange(CapacityProjector.Project(model.Projection, ProjectedRows).Notes);
        return notes;
    }
}
