using Appliance.Runs;
using Dapper;

namespace Appliance.Tests.Runs;

/// <summary>A measured run through the daemon's own queues, against the lab web: what it stores must be what happened.</summary>
public sealed class RunExecutorTests(RunsFixture f) : IClassFixture<RunsFixture>
{
    [Fact]
    public async Task Run_PushesEveryRowThroughAllStages_AndStoresWhatTheDatabaseHolds()
    {
        var file = f.WriteLeads(300);
        var executor = f.Get<RunExecutor>();
        var seen = new List<RunProgress>();

        var summary = await executor.RunAsync(new RunRequest(file, "lab:300", LabWeb: true, LabLlm: false), new Inline(seen.Add), CancellationToken.None);

        await using var conn = await f.Db.DataSource.OpenConnectionAsync();
        var accepted = await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM websites WHERE file_upload_id = @id", new { id = summary.UploadId });
        var rejected = await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM upload_rejects WHERE file_upload_id = @id", new { id = summary.UploadId });
        var done = await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM websites WHERE file_upload_id = @id AND scraping_status = 'done'", new { id = summary.UploadId });
        var messages = await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM messages WHERE file_upload_id = @id", new { id = summary.UploadId });
        var urls = await conn.ExecuteScalarAsync<long>("SELECT count(DISTINCT normalized_url) FROM websites WHERE file_upload_id = @id", new { id = summary.UploadId });
        var samples = await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM metric_samples WHERE run_id = @id", new { id = summary.RunId });

        Assert.Equal(300, accepted + rejected);
        Assert.Equal(accepted, summary.Rows);
        Assert.Equal(rejected, summary.Rejected);
        Assert.Equal(done, summary.Scrape.Outcomes["done"]);
        Assert.Equal(accepted, summary.Scrape.Outcomes["done"] + summary.Scrape.Outcomes["failed"]);
        Assert.Equal(summary.Scrape.Outcomes["failed"], summary.Scrape.Failures.Values.Sum());
        Assert.Equal(messages, summary.Generate.Outcomes["done"]);
        Assert.Equal(accepted, messages);
        Assert.Equal(urls, summary.Shape.DistinctUrls);
        Assert.Equal(urls, summary.Shape.Ok + summary.Shape.FastFailures + summary.Shape.SlowFailures);
        Assert.True(samples >= 1, "the recorder wrote no sample for the run");

        // Stage windows are in order and inside the run; latency percentiles are ordered; the histogram counts every fetch.
        Assert.InRange(summary.Ingest.EndSeconds, summary.Ingest.StartSeconds, summary.Seconds);
        Assert.InRange(summary.Scrape.EndSeconds, summary.Scrape.StartSeconds, summary.Seconds + 0.001);
        Assert.True(summary.Scrape.RowsPerMinute > 0);
        var latency = summary.Scrape.Latency!;
        Assert.True(latency.P50 <= latency.P90 && latency.P90 <= latency.P99, $"{latency.P50} {latency.P90} {latency.P99}");
        Assert.Equal(await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM websites WHERE file_upload_id = @id AND fetch_ms IS NOT NULL", new { id = summary.UploadId }),
            latency.Histogram.Sum(b => b.Count));

        // The stored run reads back as it was returned; the progress reached the end.
        var stored = await f.Get<RunStore>().GetAsync(summary.RunId, CancellationToken.None);
        Assert.Equal("finished", stored!.State);
        Assert.Equal(summary.Rows, stored.Summary!.Rows);
        Assert.Equal(summary.Scrape.Outcomes, stored.Summary.Scrape.Outcomes);
        Assert.True(stored.Configuration.LabWeb);
        Assert.Equal("template", stored.Configuration.Generator);
        Assert.Equal(Environment.ProcessorCount, stored.Host.LogicalCpus);
        Assert.Contains(seen, p => p.Generated == accepted);
        // One node did it all: every finished row names it, and the stored summary carries its share per stage.
        var node = Assert.Single(stored.Summary.Nodes.Select(n => n.Node).Distinct());
        Assert.Equal(accepted, stored.Summary.Nodes.Single(n => n.Stage == "scrape").Items);
        Assert.Equal(accepted, stored.Summary.Nodes.Single(n => n.Stage == "generate").Items);
        Assert.Equal(node, await conn.ExecuteScalarAsync<string>("SELECT DISTINCT node FROM metric_samples WHERE run_id = @id", new { id = summary.RunId }));
    }

    [Fact]
    public async Task ASecondRunWhileOneIsMeasured_IsRefused_AndMarkedFailed()
    {
        var executor = f.Get<RunExecutor>();
        var first = executor.RunAsync(new RunRequest(f.WriteLeads(60, seed: 3, firstSite: 5_000), "a", true, false), null, CancellationToken.None);
        await Task.Delay(100);
        var secondId = await executor.CreateAsync(new RunRequest(f.WriteLeads(10, seed: 4, firstSite: 6_000), "b", true, false), CancellationToken.None);

        await Assert.ThrowsAsync<InvalidOperationException>(() => executor.RunAsync(secondId, new RunRequest("unused", "b", true, false), null, CancellationToken.None));

        await first;
        var second = await f.Get<RunStore>().GetAsync(secondId, CancellationToken.None);
        Assert.Equal("failed", second!.State);
        Assert.Contains("another run", second.Error);
    }

    private sealed class Inline(Action<RunProgress> report) : IProgress<RunProgress>
    {
        public void Report(RunProgress value) => report(value);
    }
}
