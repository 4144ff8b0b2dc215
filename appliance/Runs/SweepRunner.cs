using System.Diagnostics;
using Appliance.Ingest;
using Appliance.Pipeline;
using Appliance.Telemetry;
using Dapper;
using Npgsql;

namespace Appliance.Runs;

/// <summary>What a sweep measures: one stage, at these concurrency levels, for this long each after a warm-up.</summary>
public sealed record SweepRequest(string Stage, IReadOnlyList<int> Levels, double Seconds, double WarmupSeconds = 2);

/// <summary>
/// Measures one stage's steady-state throughput at each concurrency level, in this process, on fresh rows per
/// level (so no level gets another's cache hits): the stage's in-flight limit is set to the level, the stage
/// runs, and the items it finishes between the end of the warm-up and the end of the window are counted.
/// The rows of each level are deleted afterwards; the points are stored in <c>sweep_points</c>.
/// </summary>
public sealed class SweepRunner(
    RunStore runs, RunConfiguration configuration, UploadIngestor ingestor, StageDriver stages, ScrapeLimiter scrapeLimiter,
    GenerateLimiter generateLimiter, PipelineMetrics metrics, HostMetrics host, NpgsqlDataSource dataSource, ILogger<SweepRunner> logger)
{
    // Generate levels run on copies of one scraped upload, so the LLM sees real scraped facts without refetching.
    private const string CopyScraped = """
        INSERT INTO websites (file_upload_id, row_number, company, contact, email, job_title, phone, industry, url, normalized_url, host, extra,
            scraping_status, http_status, error, title, description, headings, text_excerpt, emails, phones, social_links, bytes, fetch_ms,
            scraped_at, failure_reason, final_url, language, open_graph, about_url, contact_url, truncated)
        SELECT @target, row_number + k * 1000000, company, contact, email, job_title, phone, industry, url, normalized_url, host, extra,
            scraping_status, http_status, error, title, description, headings, text_excerpt, emails, phones, social_links, bytes, fetch_ms,
            scraped_at, failure_reason, final_url, language, open_graph, about_url, contact_url, truncated
        FROM websites, generate_series(0, @copies - 1) k
        WHERE file_upload_id = @source AND scraping_status IN ('done', 'failed')
        """;

    /// <summary>
    /// Runs the sweep. <paramref name="leadFile"/> writes a leads file of (rows, level index) and returns its path;
    /// for the generate stage it is called once, for the rows every level copies, unless <paramref name="scrapedUpload"/>
    /// names an upload already scraped (a run's) to copy instead.
    /// </summary>
    public async Task<(long RunId, IReadOnlyList<SweepPoint> Points)> RunAsync(
        SweepRequest request, RunRequest source, Func<int, int, string> leadFile, IProgress<(int Level, double Fraction)>? progress, CancellationToken ct,
        long? scrapedUpload = null)
    {
        if (request.Stage is not (PipelineMetrics.Scrape or PipelineMetrics.Generate))
        {
            throw new ArgumentException($"a sweep measures 'scrape' or 'generate', not '{request.Stage}'");
        }

        var runId = await runs.CreateAsync("sweep", source.Source, configuration.Capture(source), host.Inventory.Value, ct);
        var points = new List<SweepPoint>();
        var limiter = request.Stage == PipelineMetrics.Scrape ? (InFlightLimiter)scrapeLimiter : generateLimiter;
        var original = limiter.Limit;
        try
        {
            long? scraped = request.Stage != PipelineMetrics.Generate ? null : scrapedUpload ?? await ScrapedSourceAsync(leadFile(400, 0), ct);
            for (var i = 0; i < request.Levels.Count; i++)
            {
                var level = request.Levels[i];
                await limiter.ResizeAsync(level, ct);
                var rows = RowsFor(request, level);
                var upload = scraped is { } src ? await CopyAsync(src, rows, ct) : await IngestAsync(leadFile(rows, i + 1), ct);
                var point = await MeasureAsync(request, level, upload, f => progress?.Report((i, f)), ct);
                points.Add(point);
                await runs.AddSweepPointAsync(runId, point, ct);
                await DeleteUploadAsync(upload);
                logger.LogInformation("Sweep {RunId} {Stage} at {Level}: {Throughput:0.0}/s", runId, request.Stage, level, point.Throughput);
            }

            if (scraped is { } s && scrapedUpload is null)
            {
                await DeleteUploadAsync(s);
            }

            await runs.FinishSweepAsync(runId, ct);
            return (runId, points);
        }
        catch (Exception e)
        {
            await runs.FailAsync(runId, e.Message, CancellationToken.None);
            throw;
        }
        finally
        {
            await limiter.ResizeAsync(original, CancellationToken.None);
        }
    }

    /// <summary>Enough rows that the stage cannot run out within the window even if it is fast: ~3 items per slot per second, bounded.</summary>
    private static int RowsFor(SweepRequest r, int level) =>
        (int)Math.Clamp(level * 3 * (r.Seconds + r.WarmupSeconds), 300, 40_000);

    private async Task<SweepPoint> MeasureAsync(SweepRequest r, int level, long uploadId, Action<double> progress, CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var before = metrics.Read(r.Stage).Completed;
        var work = RunStageAsync(r.Stage, uploadId, stop.Token);
        var clock = Stopwatch.StartNew();
        await Task.WhenAny(work, Task.Delay(TimeSpan.FromSeconds(r.WarmupSeconds), ct));
        if (work.IsCompleted)
        {
            // Its rows ran out within the warm-up: a window after it would count nothing, so the point is the whole level,
            // ramp-up included (slower than the level's steady rate, never an empty point).
            var (items, seconds) = (metrics.Read(r.Stage).Completed - before, clock.Elapsed.TotalSeconds);
            await work;
            logger.LogWarning("Sweep level {Level} finished its rows within the warm-up; its point spans the whole level ({Seconds:0.0} s)", level, seconds);
            progress(1);
            return Point(r.Stage, level, seconds, items);
        }

        var (c0, t0) = (metrics.Read(r.Stage).Completed, clock.Elapsed.TotalSeconds);
        var end = t0 + r.Seconds;
        while (clock.Elapsed.TotalSeconds < end && !work.IsCompleted)
        {
            progress((clock.Elapsed.TotalSeconds - t0) / r.Seconds);
            await Task.WhenAny(work, Task.Delay(250, ct));
        }

        var (c1, t1) = (metrics.Read(r.Stage).Completed, clock.Elapsed.TotalSeconds);
        await stop.CancelAsync();
        try
        {
            await work;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }

        if (t1 - t0 < r.Seconds * 0.9)
        {
            logger.LogWarning("Sweep level {Level} ran out of rows after {Seconds:0.0} s of its window; its point is shorter", level, t1 - t0);
        }

        progress(1);
        return Point(r.Stage, level, t1 - t0, c1 - c0);
    }

    /// <summary>
    /// A point whose throughput is its stored items ÷ its stored (rounded) seconds: a window that ran out of rows after
    /// 26 ms stored 0.026 s beside a rate from 0.0263 s, 1 % apart.
    /// </summary>
    private static SweepPoint Point(string stage, int level, double seconds, long items)
    {
        var stored = Math.Max(Math.Round(seconds, 3), 1e-3);
        return new SweepPoint(stage, level, stored, items, Math.Round(items / stored, 3));
    }

    private Task<int> RunStageAsync(string stage, long uploadId, CancellationToken ct) => stage == PipelineMetrics.Scrape
        ? stages.ScrapeAsync(uploadId, finished: null, ct)
        : stages.GenerateAsync(uploadId, finished: null, ct);

    private async Task<long> IngestAsync(string file, CancellationToken ct)
    {
        var id = await ingestor.RegisterAsync(Path.GetFileName(file), new FileInfo(file).Length, file, ct);
        var result = await ingestor.IngestAsync(id, file, progress: null, ct);
        File.Delete(file);
        return result.State == "ingested" ? id : throw new RunFailedException($"the sweep's leads file was refused: {result.Error}");
    }

    private async Task<long> ScrapedSourceAsync(string file, CancellationToken ct)
    {
        var id = await IngestAsync(file, ct);
        await RunStageAsync(PipelineMetrics.Scrape, id, ct);
        return id;
    }

    private async Task<long> CopyAsync(long source, int rows, CancellationToken ct)
    {
        var id = await ingestor.RegisterAsync("sweep-copy", 0, null, ct);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var available = await conn.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT count(*) FROM websites WHERE file_upload_id = @source AND scraping_status IN ('done', 'failed')", new { source }, cancellationToken: ct));
        var copies = (int)Math.Ceiling(rows / (double)Math.Max(1, available));
        await conn.ExecuteAsync(new CommandDefinition(CopyScraped, new { target = id, source, copies }, cancellationToken: ct));
        return id;
    }

    private async Task DeleteUploadAsync(long uploadId)
    {
        await using var conn = await dataSource.OpenConnectionAsync();
        await conn.ExecuteAsync("DELETE FROM file_uploads WHERE id = @uploadId", new { uploadId });
    }
}
