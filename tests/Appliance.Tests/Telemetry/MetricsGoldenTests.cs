using System.Text;
using System.Text.RegularExpressions;
using Appliance.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Appliance.Tests.Support;

namespace Appliance.Tests.Telemetry;

/// <summary>
/// The whole /metrics output of our own meters over the NVMe fixture host, against
/// <c>metrics.golden.txt</c> beside this file: a renamed metric, label or type shows up as one
/// readable diff. Run with <c>UPDATE_GOLDEN=1</c> to rewrite the golden file after an intended change.
/// Framework meters (ASP.NET Core, HttpClient, Npgsql) are left out: Microsoft names them and their
/// series depend on the requests a test happens to make. Durations and PostgreSQL figures are masked.
/// </summary>
public partial class MetricsGoldenTests : IClassFixture<DatabaseFixture>
{
    private static readonly string GoldenPath = Path.Combine(FixtureHosts.RepositoryRoot(), "tests", "Appliance.Tests", "Telemetry", "metrics.golden.txt");

    private readonly DatabaseFixture _db;

    public MetricsGoldenTests(DatabaseFixture db) => _db = db;

    [Fact]
    public async Task Metrics_OverNvmeFixture_MatchesGoldenFile()
    {
        await using var host = await TelemetryHost.StartAsync(FixtureHosts.Sources(FixtureHosts.NvmeHost), _db.DataSource, jobs: true);
        var pipeline = host.Services.GetRequiredService<PipelineMetrics>();
        pipeline.ItemsCompleted(PipelineMetrics.Ingest, "accepted", 1200);
        pipeline.ItemsCompleted(PipelineMetrics.Ingest, "rejected", 3);
        pipeline.RecordDuration(PipelineMetrics.Ingest, 0.8);
        pipeline.InFlight(PipelineMetrics.Scrape, 4);
        pipeline.BytesFetched(123_456);
        pipeline.LlmTokens("prompt", 900);
        pipeline.LlmTokens("completion", 300);

        var text = await ScrapeWhenDatabaseFiguresArriveAsync(host);
        var actual = Normalize(text);

        // The host speed probe's values are masked below; here they must be the fixed work's CPU time, in seconds.
        var probe = PromText.Parse(text).Samples.Where(x => x.Name == "appliance_host_speed_probe_seconds").ToDictionary(x => x.Labels["work"], x => x.Value);
        Assert.InRange(probe["integer_chain"], 0.0005, 1);
        Assert.InRange(probe["memory_walk"], 0.00001, 1);

        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            await File.WriteAllTextAsync(GoldenPath, actual);
        }

        Assert.True(File.Exists(GoldenPath), $"{GoldenPath} is missing; run with UPDATE_GOLDEN=1 to create it");
        Assert.Equal(await File.ReadAllTextAsync(GoldenPath), actual);
    }

    /// <summary>The refresher reads PostgreSQL and the queues just after start; wait for its first reading.</summary>
    private static async Task<string> ScrapeWhenDatabaseFiguresArriveAsync(TelemetryHost host)
    {
        for (var i = 0; ; i++)
        {
            var text = await host.ScrapeAsync();
            if (text.Contains("appliance_postgres_connections") && text.Contains("appliance_queue_depth") && text.Contains("appliance_host_speed_probe_seconds"))
            {
                return text;
            }

            Assert.True(i < 400, "no PostgreSQL or queue figures in /metrics after 10 s");

            await Task.Delay(25);
        }
    }

    public static string Normalize(string exposition)
    {
        var output = new StringBuilder();
        foreach (var line in exposition.Split('\n'))
        {
            var name = line.StartsWith('#') ? line.Split(' ').ElementAtOrDefault(2) ?? "" : SampleName().Match(line).Value;
            if (!Ours().IsMatch(name))
            {
                continue;
            }

            if (!line.StartsWith('#') && Volatile().IsMatch(name))
            {
                output.Append(SampleValue().Replace(line, " <volatile>")).Append('\n');
            }
            else
            {
                output.Append(line).Append('\n');
            }
        }

        return output.ToString();
    }

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*")]
    private static partial Regex SampleName();

    [GeneratedRegex("^(node_|process_|appliance_)")]
    private static partial Regex Ours();

    [GeneratedRegex("^(appliance_collector_duration_seconds|appliance_postgres_|appliance_host_speed_probe_seconds)")]
    private static partial Regex Volatile();

    [GeneratedRegex(@" \S+( \d+)?$")]
    private static partial Regex SampleValue();
}
