using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Appliance.Cli;
using Appliance.Ingest;
using Appliance.Lab;
using Appliance.Scrape;
using Appliance.Storage;
using Dapper;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Appliance.Benchmarks;

/// <summary>
/// The scrape stage against the lab web on loopback: the real <c>appliance scrape --json</c> as a child
/// process, the lab in this process. (1) Default latency and fault mix: sites/min, peak RSS, and
/// correctness against the lab's ground truth. With <c>--https</c>, (1) runs twice in the same invocation: plain
/// HTTP to the sites' addresses, then HTTPS by name through the lab's DNS server (the lab's DNS and TLS faults
/// included), each reporting rows and distinct fetches a minute, CPU per fetch and peak RSS. (2) Zero latency,
/// no faults, distinct sites: pages/s against the raw parse rate (decode + AngleSharp extraction on both cores)
/// of the same pages. <c>--parts</c> runs a subset (e.g. <c>--https --parts https</c> for the HTTPS part alone). The
/// child starts with <c>MALLOC_ARENA_MAX=2</c>, as systemd/appliance.service starts the daemon (this process's value wins).
/// </summary>
public static class ScrapeStageBenchmark
{
    public sealed record Settings(int Rows, int Concurrency, int ZeroLatencyRows, FileInfo? JsonOut, bool Https = false, string[]? Parts = null)
    {
        /// <summary>The lab issues each site's TLS leaf on its first handshake, inside the timed part (before 7 Dec 2026 07:30 UTC, always).</summary>
        public bool IssueOnHandshake { get; init; }

        /// <summary>Extra environment for the <c>appliance scrape</c> child only (e.g. a GC setting), not for the lab in this process.</summary>
        public IReadOnlyDictionary<string, string> ChildEnvironment { get; init; } = new Dictionary<string, string>();

        /// <summary>Whether a part runs: all that <c>--https</c> implies unless <c>--parts</c> names a subset.</summary>
        public bool Runs(string part) => Parts is null || Parts.Contains(part, StringComparer.OrdinalIgnoreCase);
    }

    public static System.CommandLine.Command Create()
    {
        var rows = new System.CommandLine.Option<int>("--rows") { Description = "Leads at default latency", DefaultValueFactory = _ => 50_000 };
        var concurrency = new System.CommandLine.Option<int>("--concurrency") { Description = "Scrape:Concurrency", DefaultValueFactory = _ => 512 };
        var zero = new System.CommandLine.Option<int>("--zero-latency-rows") { Description = "Distinct sites at zero latency", DefaultValueFactory = _ => 20_000 };
        var jsonOut = new System.CommandLine.Option<FileInfo?>("--json-out") { Description = "Also write the figures to this file" };
        var https = new System.CommandLine.Option<bool>("--https") { Description = "Run the default-latency part twice: plain HTTP, then HTTPS by name with the lab's DNS" };
        var parts = new System.CommandLine.Option<string[]?>("--parts")
        {
            Description = "Run only these parts (plain, https, zero); default: all. For iterating on one part, e.g. --https --parts https",
            AllowMultipleArgumentsPerToken = true,
        };
        parts.AcceptOnlyFromAmong("plain", "https", "zero");
        var issueOnHandshake = new System.CommandLine.Option<bool>("--issue-on-handshake")
        {
            Description = "The lab issues each site's TLS leaf on its first handshake, inside the timed part (default: all leaves issued before it)",
        };
        var childEnv = new System.CommandLine.Option<string[]>("--child-env")
        {
            Description = "KEY=VALUE set in the appliance child's environment only (repeatable), e.g. DOTNET_GCHeapHardLimit=0x18000000",
        };
        childEnv.Validators.Add(r =>
        {
            foreach (var bad in (r.GetValueOrDefault<string[]>() ?? []).Where(e => e.IndexOf('=') <= 0))
            {
                r.AddError($"--child-env {bad}: expected KEY=VALUE");
            }
        });
        var command = new System.CommandLine.Command("scrape-stage", "The scrape stage against the lab web: throughput, memory, correctness, CPU ceiling")
        {
            rows, concurrency, zero, jsonOut, https, parts, issueOnHandshake, childEnv,
        };
        command.SetAction((parse, ct) => RunAsync(new Settings(parse.GetValue(rows), parse.GetValue(concurrency), parse.GetValue(zero), parse.GetValue(jsonOut), parse.GetValue(https),
            parse.GetValue(parts) is { Length: > 0 } chosen ? chosen : null)
        {
            IssueOnHandshake = parse.GetValue(issueOnHandshake),
            ChildEnvironment = (parse.GetValue(childEnv) ?? []).Select(e => e.Split('=', 2)).ToDictionary(kv => kv[0], kv => kv[1]),
        }, ct));
        return command;
    }

    public static async Task<int> RunAsync(Settings settings, CancellationToken ct)
    {
        var work = Path.Combine(Path.GetTempPath(), $"appliance-scrape-bench-{Environment.ProcessId}");
        using var loggers = ApplianceConfiguration.CliLoggers(new ConfigurationBuilder().Build());
        var report = new JsonObject { ["rows"] = settings.Rows, ["concurrency"] = settings.Concurrency, ["date"] = DateTime.UtcNow.ToString("u") };
        if (settings.ChildEnvironment.Count > 0)
        {
            report["child_environment"] = new JsonObject(settings.ChildEnvironment.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value)));
        }

        try
        {
            Directory.CreateDirectory(work);
            await using var postgres = await BundledPostgres.StartAsync(Path.Combine(work, "state"), loggers.CreateLogger("bench"), ct: ct);
            await using var db = NpgsqlDataSource.Create(postgres.ConnectionString());
            await Migrator.ApplyAsync(db, loggers.CreateLogger("bench"), ct);

            foreach (var plain in settings.Https ? new[] { true, false } : [true])
            {
                if (!settings.Runs(plain ? "plain" : "https"))
                {
                    continue;
                }

                // Same seed and sites in both modes; a fresh appliance process each time, so no page or DNS cache carries over.
                var lab = new LabOptions { Port = 0, PlainHttp = plain };
                await using var server = await LabServer.StartAsync(lab, ct);
                var upload = await IngestLeadsAsync(db, work, settings.Rows, server.Port, sites: 0, ct, plain ? null : server.HttpsPort);
                var (prepared, prepareSeconds) = plain || settings.IssueOnHandshake ? (0, 0.0) : await PrepareCertificatesAsync(db, server, upload, ct);
                var issuedBefore = server.CertificatesIssued;
                var run = await ScrapeAsync(postgres, upload, settings.Concurrency, settings.ChildEnvironment, ct, plain ? null : server);
                run["lab_certificates_prepared"] = prepared;
                run["lab_prepare_seconds"] = Math.Round(prepareSeconds, 1);
                run["lab_certificates_issued_during_run"] = server.CertificatesIssued - issuedBefore;
                var fetches = (double)run["fetches"]!;
                run["cpu_ms_per_fetch"] = fetches > 0 ? Math.Round((double)run["cpu_seconds"]! * 1000 / fetches, 2) : null;
                run["lab_dns_queries"] = server.DnsQueries;
                run["lab_tls_handshakes"] = server.TlsHandshakes;
                var key = settings.Https ? (plain ? "plain_http" : "https_dns") : "default_latency";
                report[key] = run;
                report[key + "_correctness"] = await CompareWithTruthAsync(db, upload, lab, ct);
                Console.WriteLine($"{key}: {run["rows_per_minute"]} rows/min, {run["fetches_per_minute"]} distinct fetches/min, {run["cpu_ms_per_fetch"]} ms CPU a fetch, "
                    + $"peak RSS {(long)run["peak_rss_bytes"]! / 1048576.0:0} MB, CPU {run["cpu_seconds"]} s in {run["seconds"]} s");
                Console.WriteLine($"Pace: {run["pace"]?.ToJsonString()}");
                Console.WriteLine($"Correctness: {report[key + "_correctness"]!.ToJsonString()}");
            }

            if (settings.Https && settings.Runs("plain") && settings.Runs("https"))
            {
                // By difference: what resolving and TLS added to each fetch, both runs fetching the same sites.
                report["tls_and_dns_cpu_ms_per_fetch"] = Math.Round((double)report["https_dns"]!["cpu_ms_per_fetch"]! - (double)report["plain_http"]!["cpu_ms_per_fetch"]!, 2);
            }

            var flat = new LabOptions { Port = 0, LatencyMedianMs = 0, Faults = false, Seed = 43 };
            if (settings.Runs("zero") && settings.ZeroLatencyRows > 0)
            {
                await using var server = await LabServer.StartAsync(flat, ct);
                var upload = await IngestLeadsAsync(db, work, settings.ZeroLatencyRows, server.Port, sites: settings.ZeroLatencyRows, ct);
                var run = await ScrapeAsync(postgres, upload, settings.Concurrency, settings.ChildEnvironment, ct);
                var pagesPerSecond = ((int)run["done"]! + (int)run["failed"]!) / (double)run["seconds"]!;
                var parse = RawParseRate(flat, Math.Min(2000, settings.ZeroLatencyRows));
                report["zero_latency"] = run;
                report["raw_parse_pages_per_second"] = Math.Round(parse);
                report["ratio_to_raw_parse"] = Math.Round(pagesPerSecond / parse, 3);
                Console.WriteLine($"Zero latency: {pagesPerSecond:0} pages/s vs raw parse {parse:0} pages/s on both cores = {pagesPerSecond / parse:P0}");
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
    /// The lab issues the TLS leaves of the upload's sites before the timed part (<see cref="LabServer.PrepareCertificates"/>):
    /// a real website's certificate exists before the scraper connects, and issuing one costs the lab ~1 ms of CPU on the
    /// cores the scraper is measured on. <c>--issue-on-handshake</c> keeps the old way (a leaf on each site's first handshake).
    /// </summary>
    private static async Task<(int Prepared, double Seconds)> PrepareCertificatesAsync(NpgsqlDataSource db, LabServer server, long upload, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var urls = await conn.QueryAsync<string>(new CommandDefinition(
            "SELECT DISTINCT normalized_url FROM websites WHERE file_upload_id = @upload", new { upload }, cancellationToken: ct));
        var sites = urls.Select(u => LeadFileGenerator.TryGetSiteIndex(u, out var site) ? site : -1).Where(s => s >= 0);
        var clock = Stopwatch.StartNew();
        var prepared = server.PrepareCertificates(sites);
        Console.WriteLine($"The lab issued the TLS leaves of {prepared:N0} sites ahead in {clock.Elapsed.TotalSeconds:0.0} s (not timed)");
        return (prepared, clock.Elapsed.TotalSeconds);
    }

    private static async Task<long> IngestLeadsAsync(NpgsqlDataSource db, string work, int rows, int port, int sites, CancellationToken ct, int? httpsPort = null)
    {
        var csv = Path.Combine(work, $"leads-{port}.csv");
        await using (var writer = new StreamWriter(csv, false, new UTF8Encoding(false)))
        {
            LeadFileGenerator.Write(writer, rows, seed: 42, withBadRows: false, port: port, sites: sites, firstSite: 0, httpsPort: httpsPort);
        }

        var ingestor = new UploadIngestor(db, Options.Create(new IngestOptions()), Microsoft.Extensions.Logging.Abstractions.NullLogger<UploadIngestor>.Instance);
        var id = await ingestor.RegisterAsync("leads.csv", new FileInfo(csv).Length, csv, ct);
        var result = await ingestor.IngestAsync(id, csv, null, ct);
        Console.WriteLine($"Ingested {result.Accepted:N0} leads pointing at the lab on port {port}");
        return id;
    }

    private static Task<JsonObject> ScrapeAsync(BundledPostgres postgres, long upload, int concurrency, IReadOnlyDictionary<string, string> childEnvironment, CancellationToken ct,
        LabServer? namedLab = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["APPLIANCE_ConnectionStrings__Postgres"] = postgres.ConnectionString(),
            // As systemd/appliance.service starts the daemon; a value in this process's environment wins (e.g. 16, glibc's own limit on 2 cores).
            ["MALLOC_ARENA_MAX"] = Environment.GetEnvironmentVariable("MALLOC_ARENA_MAX") ?? MallocArenas.DefaultMax.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in namedLab?.ScrapeSettings() ?? new Dictionary<string, string?>())
        {
            environment["APPLIANCE_" + key.Replace(":", "__", StringComparison.Ordinal)] = value!;
        }

        foreach (var (key, value) in childEnvironment)
        {
            environment[key] = value;
        }

        return ApplianceProcess.RunJsonAsync(
            ["scrape", "--upload", upload.ToString(), "--json", "--allow-network", "127.0.0.0/8", "--concurrency", concurrency.ToString()], environment, ct);
    }

    private sealed class Row
    {
        public string NormalizedUrl { get; init; } = "";
        public string ScrapingStatus { get; init; } = "";
        public string? FailureReason { get; init; }
        public string? Title { get; init; }
        public string? Description { get; init; }
        public string[]? Emails { get; init; }
        public string[]? Phones { get; init; }
        public string[]? SocialLinks { get; init; }
    }

    private static async Task<JsonObject> CompareWithTruthAsync(NpgsqlDataSource db, long upload, LabOptions lab, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<Row>(new CommandDefinition("""
            SELECT normalized_url AS NormalizedUrl, scraping_status AS ScrapingStatus, failure_reason AS FailureReason, title, description,
                   emails, phones, social_links AS SocialLinks
            FROM websites WHERE file_upload_id = @upload
            """, new { upload }, cancellationToken: ct));
        int leads = 0, outcomeRight = 0, healthy = 0, title = 0, description = 0, emails = 0, phones = 0, social = 0;
        foreach (var row in rows)
        {
            leads++;
            if (!LeadFileGenerator.TryGetSiteIndex(row.NormalizedUrl, out var site))
            {
                continue;
            }

            var truth = LabWeb.Truth(lab.Seed, site, lab);
            if (row.ScrapingStatus == truth.ExpectedStatus && row.FailureReason == truth.FailureReason)
            {
                outcomeRight++;
            }

            if (truth.ExpectedStatus == "done" && row.ScrapingStatus == "done")
            {
                healthy++;
                title += row.Title == truth.Title ? 1 : 0;
                description += row.Description == truth.Description ? 1 : 0;
                emails += (row.Emails ?? []).SequenceEqual(truth.Emails) ? 1 : 0;
                phones += (row.Phones ?? []).SequenceEqual(truth.Phones) ? 1 : 0;
                social += (row.SocialLinks ?? []).SequenceEqual(truth.SocialLinks) ? 1 : 0;
            }
        }

        double Share(int n, int of) => of == 0 ? 0 : Math.Round(100.0 * n / of, 2);
        return new JsonObject
        {
            ["leads"] = leads, ["outcome_matches_pct"] = Share(outcomeRight, leads), ["healthy_pages"] = healthy,
            ["title_pct"] = Share(title, healthy), ["description_pct"] = Share(description, healthy), ["emails_pct"] = Share(emails, healthy),
            ["phones_pct"] = Share(phones, healthy), ["social_links_pct"] = Share(social, healthy),
        };
    }

    /// <summary>Decode and extract the same lab pages on every core, nothing else: the CPU ceiling.</summary>
    private static double RawParseRate(LabOptions lab, int pages)
    {
        var bodies = Enumerable.Range(0, pages).Select(i => LabWeb.Page(lab.Seed, i, "/", lab)).Where(d => d.Status == 200).Select(d => d.Body).ToArray();
        var extractor = new PageExtractor();
        var url = new Uri("http://127.16.0.1/");
        Parallel.ForEach(bodies.Take(200), b => extractor.Extract(CharsetDecoder.Decode(b, null), url)); // warm-up
        var clock = Stopwatch.StartNew();
        var parsed = 0;
        while (clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            Parallel.ForEach(bodies, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, b =>
            {
                extractor.Extract(CharsetDecoder.Decode(b, null), url);
                Interlocked.Increment(ref parsed);
            });
        }

        return parsed / clock.Elapsed.TotalSeconds;
    }
}
