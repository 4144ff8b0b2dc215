using Appliance.Telemetry;
using Appliance.Tests.Support;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Appliance.Tests.Telemetry;

public class SampleRecorderTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task Recorder_WritesOneRowPerInterval_WithPipelineCounts_UntilStopped()
    {
        var options = Options.Create(new TelemetryOptions { SampleIntervalSeconds = 0.05, HostMaxAgeMilliseconds = 0 });
        using var meters = new TelemetryMeters();
        var host = new HostMetrics(FixtureHosts.Sources(FixtureHosts.NvmeHost), meters, TimeProvider.System, options);
        var pipeline = new PipelineMetrics(meters);
        await using var recorder = new SampleRecorder(host, pipeline, new HostSpeedGauges(meters), db.DataSource, TimeProvider.System, options, NullLogger<SampleRecorder>.Instance);
        var runId = await Scalar<long>("INSERT INTO runs (kind, source, configuration, host) VALUES ('run', 'test', '{}', '{}') RETURNING id");

        recorder.Start(runId, "node-t");
        Assert.Throws<InvalidOperationException>(() => recorder.Start(runId + 1000, "node-t"));
        pipeline.ItemsCompleted(PipelineMetrics.Scrape, "ok", 5);
        pipeline.InFlight(PipelineMetrics.Generate, 2);
        await WaitUntilAsync(async () => await Count(runId) >= 3 && await Scalar<long>($"SELECT max(generate_in_flight) FROM metric_samples WHERE run_id = {runId}") == 2);
        await recorder.StopAsync();
        var stopped = await Count(runId);
        await Task.Delay(200);

        Assert.Equal(stopped, await Count(runId));
        Assert.Null(recorder.ActiveRunId);
        Assert.Equal(5, await Scalar<long>($"SELECT sum(scrape_completed) FROM metric_samples WHERE run_id = {runId}"));
        Assert.Equal(2.37, await Scalar<double>($"SELECT min(load1) FROM metric_samples WHERE run_id = {runId}"));
        Assert.Equal((15925932L - 9871236L) * 1024, await Scalar<long>($"SELECT min(mem_used_bytes) FROM metric_samples WHERE run_id = {runId}"));
        Assert.Equal(1, await Scalar<long>($"SELECT count(DISTINCT jsonb_typeof(disks)) FROM metric_samples WHERE run_id = {runId}"));
    }

    [Fact]
    public async Task Recorder_NamesItsNode_AndCarriesTheDatabasesCumulativeCounters_AndTheHostsSpeed()
    {
        var options = Options.Create(new TelemetryOptions { SampleIntervalSeconds = 0.05, HostMaxAgeMilliseconds = 0 });
        using var meters = new TelemetryMeters();
        var host = new HostMetrics(FixtureHosts.Sources(FixtureHosts.NvmeHost), meters, TimeProvider.System, options);
        var speed = new HostSpeedGauges(meters);
        await speed.RefreshAsync(CancellationToken.None); // the background refresh's reading, which every sample carries
        await using var recorder = new SampleRecorder(host, new PipelineMetrics(meters), speed, db.DataSource, TimeProvider.System, options,
            NullLogger<SampleRecorder>.Instance);
        var runId = await Scalar<long>("INSERT INTO runs (kind, source, configuration, host) VALUES ('run', 'test', '{}', '{}') RETURNING id");

        recorder.Start(runId, "node-t");
        // Every insert commits a row, so the cumulative counters grow from sample to sample; PostgreSQL publishes a
        // backend's counts at most once a second, hence the wait.
        await WaitUntilAsync(async () => await Count(runId) >= 4 && await Spread(runId, "db_commits") > 0 && await Spread(runId, "db_rows_written") > 0);
        await recorder.StopAsync();

        Assert.Equal("node-t", await Scalar<string>($"SELECT string_agg(DISTINCT node, ',') FROM metric_samples WHERE run_id = {runId}"));
        Assert.Equal(0, await Scalar<long>($"SELECT count(*) FROM metric_samples WHERE run_id = {runId} AND (db_commits IS NULL OR db_connections < 1 OR db_rows_written IS NULL)"));
        Assert.True(await Spread(runId, "db_commits") > 0);
        Assert.True(await Spread(runId, "db_rows_written") > 0);

        // The host speed probe with every sample: CPU milliseconds for its fixed work, never zero (a dropped chain reads ~0.26 ms).
        Assert.Equal(0, await Scalar<long>($"SELECT count(*) FROM metric_samples WHERE run_id = {runId} AND (probe_compute_ms IS NULL OR probe_memory_ms IS NULL)"));
        Assert.InRange(await Scalar<double>($"SELECT min(probe_compute_ms) FROM metric_samples WHERE run_id = {runId}"), 0.5, 1_000);
        Assert.InRange(await Scalar<double>($"SELECT min(probe_memory_ms) FROM metric_samples WHERE run_id = {runId}"), 0.01, 1_000);
    }

    [Fact]
    public async Task FollowingAnotherNodesRun_GivesWayToARunOfItsOwn_AndOnlyThatRunsStopEndsIt()
    {
        var options = Options.Create(new TelemetryOptions { SampleIntervalSeconds = 0.05, HostMaxAgeMilliseconds = 0 });
        using var meters = new TelemetryMeters();
        var host = new HostMetrics(FixtureHosts.Sources(FixtureHosts.NvmeHost), meters, TimeProvider.System, options);
        await using var recorder = new SampleRecorder(host, new PipelineMetrics(meters), new HostSpeedGauges(meters), db.DataSource, TimeProvider.System, options,
            NullLogger<SampleRecorder>.Instance);
        var followed = await Scalar<long>("INSERT INTO runs (kind, source, configuration, host) VALUES ('run', 'test', '{}', '{}') RETURNING id");
        var own = await Scalar<long>("INSERT INTO runs (kind, source, configuration, host) VALUES ('run', 'test', '{}', '{}') RETURNING id");

        Assert.True(recorder.TryFollow(followed, "node-t"));
        Assert.False(recorder.TryFollow(own, "node-t"));
        Assert.Equal(followed, recorder.FollowedRunId);
        await WaitUntilAsync(async () => await Count(followed) >= 2);

        recorder.Start(own, "node-t");
        Assert.Equal(own, recorder.ActiveRunId);
        Assert.Null(recorder.FollowedRunId);
        Assert.False(recorder.TryFollow(followed, "node-t"));
        await WaitUntilAsync(async () => await Count(own) >= 2);
        var followedRows = await Count(followed);
        await recorder.StopAsync(followed); // not the run being recorded: nothing stops
        Assert.Equal(own, recorder.ActiveRunId);
        Assert.Throws<InvalidOperationException>(() => recorder.Start(followed, "node-t"));
        await recorder.StopAsync(own);

        Assert.Null(recorder.ActiveRunId);
        Assert.Equal(followedRows, await Count(followed));
    }

    private Task<long> Spread(long runId, string column) => Scalar<long>($"SELECT coalesce(max({column}) - min({column}), 0) FROM metric_samples WHERE run_id = {runId}");

    private Task<long> Count(long runId) => Scalar<long>($"SELECT count(*) FROM metric_samples WHERE run_id = {runId}");

    private async Task<T> Scalar<T>(string sql)
    {
        await using var conn = await db.DataSource.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<T>(sql) ?? throw new InvalidOperationException("no value: " + sql);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 400; i++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(25);
        }

        Assert.Fail("condition not met within 10 s");
    }
}
