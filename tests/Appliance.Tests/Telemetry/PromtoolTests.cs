using Appliance.Tests.Support;

namespace Appliance.Tests.Telemetry;

/// <summary>
/// <c>promtool check metrics</c> over a live scrape of this machine. The only problems allowed are
/// the ones promtool also raises on node_exporter's own output: the camelCase lint on meminfo
/// names (<c>node_memory_MemAvailable_bytes</c>…), which the kernel's field names impose.
/// </summary>
public class PromtoolTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task LiveScrape_PassesPromtoolExceptNodeExportersOwnMeminfoNames()
    {
        var promtool = ExternalTool.Require("promtool");
        await using var host = await TelemetryHost.StartAsync(dataSource: db.DataSource, jobs: true);
        await using (var conn = await db.DataSource.OpenConnectionAsync())
        {
            // Npgsql's own meters report once the data source has been used.
        }

        await host.Client.GetAsync("/metrics");
        var scrape = await host.ScrapeAsync();

        var (_, output) = await ExternalTool.RunAsync(promtool, "check metrics", scrape);
        var problems = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => !(l.StartsWith("node_memory_", StringComparison.Ordinal) && l.Contains("metric names should be written in 'snake_case' not 'camelCase'")))
            .ToList();

        Assert.Contains("node_load1", scrape);
        Assert.Contains("db_client_", scrape);
        Assert.True(problems.Count == 0, "promtool reported:\n" + string.Join('\n', problems));
    }
}
