using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Appliance.Pipeline;
using Appliance.Scrape;

namespace Appliance.Cli;

/// <summary><c>appliance scrape --upload ID</c>: run the scrape stage for an upload in this process.</summary>
public static class ScrapeCommand
{
    public static Command Create()
    {
        var upload = new Option<long>("--upload") { Description = "Upload id (from `appliance ingest`)", Required = true };
        var json = new Option<bool>("--json") { Description = "Print the result as one JSON object on stdout" };
        var concurrency = new Option<int?>("--concurrency") { Description = "Fetches in flight (Scrape:Concurrency)" };
        var allowNetwork = new Option<string[]>("--allow-network")
        {
            Description = "Let the scraper reach this non-public network, CIDR or CIDR:PORT (the lab: 127.0.0.0/8:8089; Scrape:AllowedNetworks); repeatable",
            AllowMultipleArgumentsPerToken = false,
        };
        var command = new Command("scrape", "Fetch and parse the websites of an upload's pending rows") { upload, json, concurrency, allowNetwork };
        command.SetAction(async (parse, ct) =>
        {
            var overrides = new Dictionary<string, string?>();
            if (parse.GetValue(concurrency) is { } c)
            {
                overrides["Scrape:Concurrency"] = c.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            var networks = parse.GetValue(allowNetwork) ?? [];
            for (var i = 0; i < networks.Length; i++)
            {
                overrides[$"Scrape:AllowedNetworks:{i}"] = networks[i];
            }

            await using var services = await ApplianceServices.OpenAsync(overrides, ct);
            var summary = await RunAsync(services, parse.GetValue(upload), ct);
            if (parse.GetValue(json))
            {
                Console.WriteLine(ProcessStats.WithCost(JsonSerializer.SerializeToNode(summary)!.AsObject()).ToJsonString());
            }
            else
            {
                Console.WriteLine($"Upload {summary.UploadId}: {summary.Done:N0} done, {summary.Failed:N0} failed in {summary.Seconds:0.0} s ({summary.RowsPerMinute:N0} rows/min, {summary.FetchesPerMinute:N0} distinct fetches/min)");
                foreach (var (reason, count) in summary.FailuresByReason.OrderByDescending(r => r.Value))
                {
                    Console.WriteLine($"  failed {count,8:N0}  {reason}");
                }
            }

            return 0;
        });
        return command;
    }

    /// <summary>
    /// Every pending chunk of the upload, many at once, sharing the one in-flight limit: a chunk's last
    /// slow sites (timeouts, the latency tail) must not leave the limit idle while they finish.
    /// </summary>
    public static async Task<ScrapeSummary> RunAsync(ApplianceServices services, long uploadId, CancellationToken ct)
    {
        var total = (await services.Get<LeadStates>().PendingCountsAsync(uploadId, ct)).Scrape;
        var scraper = services.Get<PageScraper>();
        var fetchesBefore = scraper.Fetches;
        var lookupsBefore = services.Get<DnsResolver>().Lookups;
        var limiter = services.Get<ScrapeLimiter>();
        await using var pace = new ScrapePace(() => scraper.FetchesEnded, () => limiter.InFlight, limiter.Limit);
        var clock = Stopwatch.StartNew();
        var failures = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        int done = 0, failed = 0;
        await CliConsole.WithProgressAsync($"Scraping upload {uploadId}", progress => services.Get<StageDriver>().ScrapeAsync(uploadId, r =>
        {
            var finished = r.Status == ScrapeResult.Done ? Interlocked.Increment(ref done) + Volatile.Read(ref failed) : Interlocked.Increment(ref failed) + Volatile.Read(ref done);
            if (r.FailureReason is { } reason)
            {
                failures.AddOrUpdate(reason, 1, (_, n) => n + 1);
            }

            progress.Report(total == 0 ? 1 : (double)finished / total);
        }, ct));
        var seconds = clock.Elapsed.TotalSeconds;
        var figures = await pace.StopAsync();
        return new ScrapeSummary(uploadId, done, failed, Math.Round(seconds, 3), Math.Round((done + failed) / Math.Max(seconds, 1e-3) * 60), failures)
        {
            Fetches = scraper.Fetches - fetchesBefore,
            DnsLookups = services.Get<DnsResolver>().Lookups - lookupsBefore,
            Pace = figures,
        };
    }
}
