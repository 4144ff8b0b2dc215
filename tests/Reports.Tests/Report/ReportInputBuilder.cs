using Appliance.Reports.Capacity;
using Appliance.Reports.Report;

namespace Appliance.Reports.Tests.Report;

/// <summary>
/// A realistic run, built in code: a 10,000-row file on a 6-core host, 180 one-second samples whose shapes follow the
/// pipeline (ingest burst, scrape then generate ramping up and draining), a sweep fitted with the USL, a projection and
/// resource estimate for 500,000 rows. Deterministic (fixed seed), so figures can be asserted exactly.
/// </summary>
public sealed class ReportInputBuilder
{
    public static readonly DateTime Started = new(2026, 11, 30, 9, 15, 0, DateTimeKind.Utc);
    const double GiB = 1024.0 * 1024 * 1024;
    const double MiB = 1024.0 * 1024;

    int sampleCount = 180;
    bool psi = true;
    bool sweep = true;
    bool baseline;
    bool stack = true;
    bool projection = true;
    double speed = 1.0;
    long runId = 42;

    public ReportInputBuilder WithSamples(int count) { sampleCount = count; return this; }
    public ReportInputBuilder WithoutPsi() { psi = false; return this; }
    public ReportInputBuilder WithoutSweep() { sweep = false; return this; }
    public ReportInputBuilder WithoutStack() { stack = false; return this; }
    public ReportInputBuilder WithoutProjection() { projection = false; return this; }
    public ReportInputBuilder WithBaseline() { baseline = true; return this; }

    /// <summary>Scales every rate (a slower earlier run for the baseline).</summary>
    public ReportInputBuilder WithSpeed(double factor, long id) { speed = factor; runId = id; return this; }

    /// <summary>Everything absent that may be absent: what a report of a run that just started would get.</summary>
    public static ReportInput Minimal() => new()
    {
        Run = new RunInfo { Id = 7, StartedUtc = Started, Rows = 0 },
        Host = new HostInfo { Hostname = "bare-host", Cores = 2 },
    };

    public ReportInput Build()
    {
        var scrapePerMinute = 4012.5 * speed;
        var generatePerMinute = 3604.2 * speed;
        return new ReportInput
        {
            Run = new RunInfo
            {
                Id = runId,
                StartedUtc = Started,
                FinishedUtc = Started.AddSeconds(178),
                Rows = 10_000,
                FileName = "leads-10k.csv",
                SecondsWall = 178.4 / speed,
                Configuration =
                [
                    new("Scrape:Concurrency", "32"), new("Generate:Concurrency", "32"), new("Jobs:ChunkSize", "1000"),
                    new("Scrape:TimeoutSeconds", "10"), new("Scrape:MaxConnectionsPerHost", "2"),
                ],
                Generator = "llm:lab-model",
                LlmEndpoint = "http://127.0.0.1:8101/v1",
                UsesLabWeb = true,
                UsesLabLlm = true,
            },
            Host = new HostInfo
            {
                Hostname = "lab-host-01",
                Kernel = "6.1.0-27-amd64",
                CpuModel = "Intel(R) Core(TM) i5-8500 CPU @ 3.00GHz",
                Cores = 6,
                RamBytes = 16_647_962_624,
                Disks = [new DiskInfo("nvme0n1", "Samsung SSD 970 EVO Plus 500GB", 500_107_862_016, false)],
            },
            Samples = Samples(),
            Stages = Stages(scrapePerMinute, generatePerMinute, speed),
            Stack = stack ? Stack() : null,
            Scalability = sweep ? Scalability() : [],
            Projection = projection ? CapacityProjector.Project(Model(speed), 500_000) : null,
            ByConcurrency = projection ? ByConcurrency(Model(speed)) : [],
            Model = projection ? Model(speed) : null,
            Llm = new LlmAccount("lab-model", 6_000, 0, 410, new TokenPrice(0.35, 1.18125)),
            Disk = new DiskSpace("/var/lib/appliance/postgres", 120L << 30, 400L << 30),
            Resources = projection ? Resources() : null,
            Baseline = baseline ? KeyFigures.From(new ReportInputBuilder().WithSpeed(0.55, 31).Build()) : null,
            MethodNotes = ["The lab web served 400 synthetic sites with a 2 % fault mix; the lab LLM streamed 60 tokens/s."],
        };
    }

    IReadOnlyList<TelemetrySample> Samples()
    {
        var random = new Random(7);
        double Noise(double scale) => (random.NextDouble() - 0.5) * 2 * scale;
        var samples = new List<TelemetrySample>();
        double load1 = 0.4, load5 = 0.5, load15 = 0.6, scraped = 0, generated = 0, written = 0;
        for (var t = 0; t < sampleCount; t++)
        {
            var busy = t is > 2 and < 175 ? 1.0 : 0.15;
            var ingested = Math.Min(10_000, t * 2_600);
            var scrapeRate = t is > 3 and < 155 ? 4012.5 * speed / 60 * (1 + Noise(0.15)) : 0;
            scraped = Math.Min(10_000, scraped + scrapeRate);
            var generateRate = t > 6 ? Math.Min(3604.2 * speed / 60 * (1 + Noise(0.1)), scraped - generated) : 0;
            generated = Math.Min(10_000, generated + Math.Max(0, generateRate));
            written += (t < 5 ? 2_600 : 0) + 2.2 * (scrapeRate + Math.Max(0, generateRate));
            load1 += (4.6 * busy + Noise(0.3) - load1) / 8;
            load5 += (4.6 * busy - load5) / 40;
            load15 += (4.6 * busy - load15) / 120;
            var user = 0.46 * busy + Noise(0.04) + 0.02;
            var system = 0.12 * busy + Noise(0.01) + 0.01;
            samples.Add(new TelemetrySample
            {
                SecondsSinceStart = t,
                Load1 = load1, Load5 = load5, Load15 = load15,
                CpuUser = user, CpuSystem = system, CpuIowait = 0.015 * busy, CpuNice = 0,
                CpuIrq = 0.002, CpuSoftirq = 0.03 * busy, CpuSteal = 0,
                CpuIdle = 1 - user - system - 0.015 * busy - 0.032,
                MemUsedBytes = (long)((5.8 + 0.9 * t / sampleCount + Noise(0.05)) * GiB),
                MemAvailableBytes = (long)((8.9 - 0.9 * t / sampleCount + Noise(0.05)) * GiB),
                DiskReadBytesPerS = (0.2 + Noise(0.1)) * MiB,
                DiskWriteBytesPerS = (t < 5 ? 38 : 6 * busy + Noise(2) + 2) * MiB,
                DiskIops = (t < 5 ? 1_900 : 420 * busy) + 40 + Noise(30),
                DiskWaitMs = 0.08 + 0.05 * busy + Math.Abs(Noise(0.03)),
                DiskQueueDepth = 0.05 + 0.25 * busy + Math.Abs(Noise(0.05)),
                NetRxBytesPerS = (5.5 * busy + Noise(0.8) + 0.9) * MiB,
                NetTxBytesPerS = (0.6 * busy + Noise(0.1) + 0.15) * MiB,
                PsiCpuSome = psi ? 0.14 * busy + Math.Abs(Noise(0.03)) : null,
                PsiMemorySome = psi ? 0 : null,
                PsiMemoryFull = psi ? 0 : null,
                PsiIoSome = psi ? 0.01 * busy + Math.Abs(Noise(0.005)) : null,
                PsiIoFull = psi ? 0.004 * busy : null,
                IngestCompleted = ingested,
                ScrapeCompleted = (long)scraped,
                GenerateCompleted = (long)generated,
                IngestInFlight = ingested < 10_000 ? 1_000 : 0,
                ScrapeInFlight = scraped < 10_000 && t > 3 ? 32 : 0,
                GenerateInFlight = generated < 10_000 && t > 6 ? 32 : 0,
                ProcessRssBytes = (long)((310 + 280 * busy + 60.0 * t / sampleCount + Noise(10)) * MiB),
                ProcessCpuCores = 3.1 * busy + Noise(0.2) + 0.05,
                ProbeComputeMs = 1.6 + Math.Abs(Noise(0.05)), ProbeMemoryMs = 7 + (0.8 * busy) + Math.Abs(Noise(0.3)),
                DbRowsWritten = (long)written, DbCommits = t * 40, DbConnections = 12,
            });
        }
        return samples;
    }

    static IReadOnlyList<StageResult> Stages(double scrapePerMinute, double generatePerMinute, double speed) =>
    [
        new StageResult
        {
            Name = "ingest",
            Outcomes = [new("accepted", 10_000), new("rejected", 12)],
            SpanSeconds = 3.85,
            FailuresByReason = [new("missing url", 9), new("malformed row", 3)],
        },
        new StageResult
        {
            Name = "scrape",
            Outcomes = [new("succeeded", 9_640), new("failed", 360)],
            RowsPerMinute = scrapePerMinute,
            RowsPerMinuteLow = scrapePerMinute * 0.97,
            RowsPerMinuteHigh = scrapePerMinute * 1.03,
            SteadyFromSeconds = 18, SteadyToSeconds = 138, SpanSeconds = 151,
            P50Seconds = 0.182 / speed, P90Seconds = 0.640 / speed, P99Seconds = 2.31 / speed,
            Histogram =
            [
                new(0.05, 610), new(0.1, 1_420), new(0.25, 3_980), new(0.5, 2_150), new(1, 1_120),
                new(2.5, 520), new(5, 150), new(10, 50), new(double.PositiveInfinity, 0),
            ],
            FailuresByReason = [new("timeout", 190), new("dns: name not resolved", 80), new("http 5xx", 60), new("tls handshake", 30)],
            Concurrency = 32,
        },
        new StageResult
        {
            Name = "generate",
            Outcomes = [new("succeeded", 9_640)],
            RowsPerMinute = generatePerMinute,
            RowsPerMinuteLow = generatePerMinute * 0.98,
            RowsPerMinuteHigh = generatePerMinute * 1.02,
            SteadyFromSeconds = 24, SteadyToSeconds = 157, SpanSeconds = 171,
            P50Seconds = 1.21 / speed, P90Seconds = 2.05 / speed, P99Seconds = 3.8 / speed,
            Histogram =
            [
                new(0.25, 40), new(0.5, 160), new(1, 2_900), new(2.5, 6_090), new(5, 430), new(10, 20), new(double.PositiveInfinity, 0),
            ],
            Concurrency = 32,
        },
    ];

    static StackInfo Stack() => new()
    {
        Components =
        [
            new("appliance.service", "1.4.0", "daemon: pipeline, telemetry, API", 642_000_000),
            new("postgresql (bundled)", "15.18", "PostgreSQL 15, Unix socket only", null),
            new("lab", "1.4.0", "synthetic websites and LLM on 127.0.0.1", null),
        ],
        Queues = [new("file_processing", 1, 0), new("scraping", 4, 0), new("ai_processing", 4, 0)],
        ConcurrencySettings = [new("Scrape:Concurrency", "32"), new("Generate:Concurrency", "32"), new("Hangfire workers", "9")],
        PostgresVersion = "15.18 (Debian 15.18-0+deb12u1)",
        Runtime = ".NET 10.0.0",
        ApplianceVersion = "1.4.0",
        Indexes =
        [
            new("websites", "websites_pkey", "CREATE UNIQUE INDEX websites_pkey ON public.websites USING btree (id)"),
            new("websites", "idx_websites_file_upload_id", "CREATE INDEX idx_websites_file_upload_id ON public.websites USING btree (file_upload_id)"),
            new("websites", "idx_websites_status", "CREATE INDEX idx_websites_status ON public.websites USING btree (scraping_status)"),
            new("websites", "idx_websites_created_at", "CREATE INDEX idx_websites_created_at ON public.websites USING btree (created_at)"),
            new("messages", "messages_website_id_key", "CREATE UNIQUE INDEX messages_website_id_key ON public.messages USING btree (website_id)"),
        ],
    };

    static IReadOnlyList<StageSweep> Scalability()
    {
        var random = new Random(11);
        StageSweep Stage(string name, double sigma, double kappa, double lambda, int[] ns)
        {
            double X(double n) => lambda * n / (1 + sigma * (n - 1) + kappa * n * (n - 1));
            return StageSweep.Of(name, 40, ns.Select(n => new ConcurrencyPoint(n, X(n) * (1 + (random.NextDouble() - 0.5) * 0.06))).ToList());
        }
        return
        [
            Stage("scrape", 0.021, 0.00042, 9.4, [1, 2, 4, 8, 16, 32, 48, 64]),
            Stage("generate", 0.048, 0.0002, 2.3, [1, 2, 4, 8, 16, 24, 32, 48]),
        ];
    }

    /// <summary>
    /// The capacity model's view of the same run: scrape 4,012.5 rows/min (±3 %), generate 3,604.2/min (±2 %), both at 32 in flight
    /// on 6 cores, 400 hosts at 2 connections each, 3.6 % failures of which a third are 10 s timeouts, and the sweeps' USL fits.
    /// </summary>
    static ProjectionInput Model(double speed)
    {
        RateEstimate Rate(double perMinute, double spread, double from, double to) =>
            new(perMinute / 60 * speed, perMinute / 60 * speed * (1 - spread), perMinute / 60 * speed * (1 + spread), from, to, (int)(to - from) + 1)
            {
                CompletedBeforeWindow = 1_000, TotalCompleted = 10_000, FirstCompletionSeconds = from - 15, LastCompletionSeconds = to + 20,
            };
        var sweeps = Scalability();
        var run = new RunMeasurements(10_000, 178.4 / speed, 3.85,
            new StageMeasurement("scrape", Rate(4_012.5, 0.03, 18, 138), 32) { ProcessCpuCores = 2.4, MeanItemSeconds = 0.41 / speed },
            new StageMeasurement("generate", Rate(3_604.2, 0.02, 24, 157), 32) { ProcessCpuCores = 0.7, MeanItemSeconds = 1.38 / speed },
            ScrapeMix.From(10_000, 9_800, 400, 60, new FailureMix(0.38, 0.024, 0.2, 0.012, 10)), new HostLimits(2, 0), 6)
        {
            StageOverlap = 0.9,
        };
        return new ProjectionInput(run) { ScrapeUsl = sweeps[0].Fit, GenerateUsl = sweeps[1].Fit };
    }

    static IReadOnlyList<ConcurrencyProjection> ByConcurrency(ProjectionInput model) =>
    [
        .. new[] { 8, 16, 28, 32, 48, 64 }.Select(n => new ConcurrencyProjection(n, WhatToChange.At(model, 500_000, n)!)),
    ];

    /// <summary>15.1 core-ms, 6,350 bytes of PostgreSQL and 98,300 downloaded a row, 410 tokens at 0.21 m USD a row; memory 560 MiB + 3.25 MB an item in flight.</summary>
    static ResourceEstimate Resources()
    {
        var perRow = new PerRowCosts(0.0151, 4_350, 2_000, 98_300, 330, 80, new MemoryModel(559_000_000, 3_250_000));
        return ResourceEstimate.For(500_000, perRow, 28, new TokenPrice(0.35, 1.18125));
    }
}
