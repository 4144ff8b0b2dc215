using System.Diagnostics;
using Appliance.Lab;
using Appliance.Scrape;
using Appliance.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Appliance.Tests.Scrape;

/// <summary>
/// The reason the resolver is asynchronous: 512 fetches whose names take 4 s to resolve (the 2 s, doubled so that the
/// measuring window stays open on a machine at load 80) must not hold threads.
/// A blocking lookup per fetch (getaddrinfo) would take a pool thread each and the daemon's own endpoints would
/// wait for the pool to grow (about a thread or two a second) — seconds. Measured against the same requests with
/// no DNS load in the same test; the bound on the loaded ones is generous on purpose (a quarter of the resolver's 4 s, on
/// a shared 2-core machine), because the failure it guards against is whole seconds, not milliseconds.
/// </summary>
public sealed class DnsStarvationTests(DatabaseFixture db, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<DatabaseFixture>
{
    private const int Names = 512;

    [Fact]
    public async Task FiveHundredSlowLookups_DoNotStallHealthzOrMetrics()
    {
        await using var lab = await LabServer.StartAsync(new LabOptions
        {
            Port = 0, LatencyMedianMs = 0, Faults = false,
            DnsLatencyMedianMs = 4_000, DnsLatencyP95Ms = 4_000, DnsLatencyMaxMs = 4_000,
        });
        using var state = new TempDirectory();
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = db.ConnectionString,
            ["StateDirectory"] = state.Path,
            ["Urls"] = "http://127.0.0.1:0",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Scrape:DnsConcurrency"] = Names.ToString(),
            // A burst of 1,024 queries can lose datagrams on a loaded machine: retry them, inside a connect budget that allows it.
            ["Scrape:DnsTimeoutMs"] = "8000",
            ["Scrape:DnsRetries"] = "2",
            ["Scrape:ConnectTimeoutMs"] = "30000",
            ["Scrape:RequestTimeoutMs"] = "60000",
            ["Scrape:HostsFile"] = "",
        };
        foreach (var (k, v) in lab.ScrapeSettings())
        {
            settings[k] = v;
        }

        await using var server = await Program.BuildWebAppAsync(settings);
        await server.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(server.Addresses.First()), Timeout = TimeSpan.FromSeconds(30) };
        await TimeAsync(client); // warm: first requests JIT the endpoints
        var quiet = await TimeAsync(client);

        var fetcher = server.App.Services.GetRequiredService<PageFetcher>();
        var clock = Stopwatch.StartNew();
        var fetches = Enumerable.Range(0, Names).Select(i => fetcher.FetchAsync(lab.SiteUrl(i), CancellationToken.None)).ToList();
        while (lab.DnsQueries < Names && clock.Elapsed < TimeSpan.FromSeconds(1.5))
        {
            await Task.Delay(20);
        }

        var loaded = await TimeAsync(client);
        var measuredBy = clock.Elapsed;
        var results = await Task.WhenAll(fetches);
        output.WriteLine($"quiet: max {quiet.Max():0.0} ms, median {quiet.Order().ElementAt(quiet.Count / 2):0.0} ms; under DNS load: max {loaded.Max():0.0} ms, median {loaded.Order().ElementAt(loaded.Count / 2):0.0} ms; 512 fetches done in {clock.Elapsed.TotalSeconds:0.0} s");

        Assert.True(lab.DnsQueries >= Names, $"only {lab.DnsQueries} queries reached the resolver before measuring");
        Assert.True(measuredBy < TimeSpan.FromSeconds(4), $"the loaded requests ran past the resolver's 4 s ({measuredBy.TotalMilliseconds:0} ms): not measured under load");
        Assert.All(results, r => Assert.True(r.Ok, $"{r.FinalUrl}: {r.FailureReason} {r.Detail}"));
        Assert.True(loaded.Max() < 1_000, $"/healthz and /metrics took up to {loaded.Max():0} ms under DNS load (quiet: up to {quiet.Max():0} ms)");
    }

    /// <summary>Five /healthz and five /metrics, one after another: each one's milliseconds.</summary>
    private static async Task<List<double>> TimeAsync(HttpClient client)
    {
        var times = new List<double>();
        foreach (var path in Enumerable.Repeat(new[] { "/healthz", "/metrics" }, 5).SelectMany(p => p))
        {
            var clock = Stopwatch.StartNew();
            using var response = await client.GetAsync(path);
            response.EnsureSuccessStatusCode();
            times.Add(clock.Elapsed.TotalMilliseconds);
        }

        return times;
    }
}
