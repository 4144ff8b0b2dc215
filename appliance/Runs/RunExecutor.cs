using System.Diagnostics;
using Appliance.Ingest;
using Appliance.Pipeline;
using Appliance.Telemetry;
using Dapper;
using Npgsql;

namespace Appliance.Runs;

/// <summary>
/// Runs a file through the daemon's own pipeline — the ingest job on <c>file_processing</c>, which queues the
/// scrape chunks, which queue their generate chunks — while the sample recorder writes one row a second, then
/// stores what was measured. One run at a time (the recorder records one run). The run names this node
/// (<c>runs.node</c>); other nodes sharing the database record their own samples for it meanwhile (RunFollower).
/// </summary>
public sealed class RunExecutor(
    RunStore runs, RunStatistics statistics, RunConfiguration configuration, UploadIngestor ingestor, HandOff handOff,
    SampleRecorder recorder, HostMetrics host, NpgsqlDataSource dataSource, TimeProvider time, IHostApplicationLifetime lifetime,
    ILogger<RunExecutor> logger, NodeIdentity node, RunBacktests backtests, Generate.LlmPacer pacer)
{
    // From the per-upload counters the websites triggers keep (upload_progress, a few rows an upload), as the web page
    // reads them: counting the upload's websites rows twice a second cost PostgreSQL a scan of all of them per poll — at
    // 500,000 rows its CPU a row was 5 times the 10,000-row sample's (docs/benchmarks.md, "The hand-off lag, held seconds").
    private const string Progress = """
        SELECT f.state AS State, f.error AS Error, f.rows_accepted AS Rows,
               coalesce(sum(p.row_count) FILTER (WHERE p.scraping_status IN ('done', 'failed')), 0)::bigint AS Scraped,
               coalesce(sum(p.row_count) FILTER (WHERE p.generation_status IN ('done', 'held', 'failed')), 0)::bigint AS Generated
        FROM file_uploads f LEFT JOIN upload_progress p ON p.file_upload_id = f.id
        WHERE f.id = @uploadId GROUP BY f.state, f.error, f.rows_accepted
        """;

    private readonly SemaphoreSlim _one = new(1, 1);

    /// <summary>How long a run may go without any row moving before it is declared stuck.</summary>
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>True while a run is being measured.</summary>
    public bool Busy => _one.CurrentCount == 0;

    /// <summary>
    /// Starts the run in the background (the API answers with its id at once) unless one is being measured;
    /// it runs until done or until the daemon stops. <paramref name="owned"/> (the lab of a lab run) is disposed when the run ends.
    /// </summary>
    public bool TryStart(long runId, RunRequest request, IAsyncDisposable? owned = null)
    {
        if (!_one.Wait(0))
        {
            return false;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                await MeasureOrFailAsync(runId, request, progress: null, lifetime.ApplicationStopping);
            }
            catch (Exception e)
            {
                logger.LogWarning("Run {RunId} failed: {Error}", runId, e.Message);
            }
            finally
            {
                _one.Release();
                if (owned is not null)
                {
                    await owned.DisposeAsync();
                }
            }
        });
        return true;
    }

    /// <summary>Creates the run row now, so a caller can answer with its id before the work is done.</summary>
    public async Task<long> CreateAsync(RunRequest request, CancellationToken ct) =>
        await runs.CreateAsync("run", request.Source, configuration.Capture(request), host.Inventory.Value, ct, node.Name);

    public async Task<RunSummary> RunAsync(RunRequest request, IProgress<RunProgress>? progress, CancellationToken ct) =>
        await RunAsync(await CreateAsync(request, ct), request, progress, ct);

    public async Task<RunSummary> RunAsync(long runId, RunRequest request, IProgress<RunProgress>? progress, CancellationToken ct)
    {
        if (!await _one.WaitAsync(0, ct))
        {
            await runs.FailAsync(runId, "another run was in progress", ct);
            throw new InvalidOperationException("Another run is in progress; one run is measured at a time.");
        }

        try
        {
            return await MeasureOrFailAsync(runId, request, progress, ct);
        }
        finally
        {
            _one.Release();
        }
    }

    public Task MarkFailedAsync(long runId, string error, CancellationToken ct) => runs.FailAsync(runId, error, ct);

    private async Task<RunSummary> MeasureOrFailAsync(long runId, RunRequest request, IProgress<RunProgress>? progress, CancellationToken ct)
    {
        try
        {
            return await MeasureAsync(runId, request, progress, ct);
        }
        catch (Exception e)
        {
            await runs.FailAsync(runId, e.Message, CancellationToken.None);
            throw;
        }
    }

    private async Task<RunSummary> MeasureAsync(long runId, RunRequest request, IProgress<RunProgress>? progress, CancellationToken ct)
    {
        // What other work takes from the cores, before this run adds its own (the capacity model's available cores).
        var background = await BackgroundCpu.MeasureAsync(TimeSpan.FromSeconds(1), time, ct);
        var started = time.GetUtcNow().UtcDateTime;
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var dbBefore = await statistics.DatabaseBytesAsync(ct);
        recorder.Start(runId, node.Name);
        try
        {
            var size = new FileInfo(request.FilePath).Length;
            var uploadId = await ingestor.RegisterAsync(Path.GetFileName(request.FilePath), size, request.FilePath, ct);
            await runs.AttachUploadAsync(runId, uploadId, ct);
            handOff.Ingest(uploadId, request.FilePath);
            logger.LogInformation("Run {RunId}: upload {UploadId} ({Source}) queued", runId, uploadId, request.Source);
            await WaitForCompletionAsync(runId, uploadId, progress, ct);

            // One more sample so the recorded series ends after the last item.
            await Task.Delay(TimeSpan.FromSeconds(1.1), time, ct);
            await recorder.StopAsync(runId);
            var finished = time.GetUtcNow().UtcDateTime;
            var figures = await statistics.ReadAsync(uploadId, started, ct);
            var dbAfter = await statistics.DatabaseBytesAsync(ct);
            var summary = new RunSummary(runId, uploadId, request.Source, figures.Rows, figures.Rejected,
                Math.Round(figures.LastItemSeconds, 3), started, finished, figures.Ingest, figures.Scrape, figures.Generate, figures.Shape,
                new RunResources(
                    Math.Round((Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds, 3),
                    await PeakRssAsync(runId, ct), Math.Max(0, dbAfter.TableBytes - dbBefore.TableBytes), Math.Max(0, dbAfter.IndexBytes - dbBefore.IndexBytes), figures.DownloadedBytes,
                    figures.PromptTokens, figures.CompletionTokens, configuration.ScrapeConcurrency, configuration.GenerateConcurrency)
                {
                    BackgroundCpuCores = background is { } b ? Math.Round(b, 3) : null,
                    UsableCpus = Environment.ProcessorCount,
                })
            {
                Nodes = figures.Nodes,
            };
            if (pacer.Limits is { } limits)
            {
                // The account's limits as this node's pacer knew them by the end: the projection's LLM assumption.
                await runs.AddConfigurationAsync(runId, LlmLimitsEntries(limits), ct);
            }

            await runs.FinishAsync(runId, summary, ct);
            logger.LogInformation("Run {RunId} finished: {Rows} rows in {Seconds:0.0} s", runId, summary.Rows, summary.Seconds);
            await RecordBacktestAsync(runId, ct);
            return summary;
        }
        finally
        {
            await recorder.StopAsync(runId);
        }
    }

    // The model's track record; a back-test that fails costs the run nothing.
    private async Task RecordBacktestAsync(long runId, CancellationToken ct)
    {
        try
        {
            await backtests.RecordAsync(runId, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning("Run {RunId}: back-test not stored: {Error}", runId, e.Message);
        }
    }

    private async Task WaitForCompletionAsync(long runId, long uploadId, IProgress<RunProgress>? progress, CancellationToken ct)
    {
        var lastMove = time.GetTimestamp();
        (long, long) last = (-1, -1);
        while (true)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(500), time, ct);
            await using var conn = await dataSource.OpenConnectionAsync(ct);
            var p = await conn.QuerySingleAsync<ProgressRow>(new CommandDefinition(Progress, new { uploadId }, cancellationToken: ct));
            progress?.Report(new RunProgress(runId, p.State, p.Rows, p.Scraped, p.Generated));
            switch (p.State)
            {
                case "failed":
                    throw new RunFailedException($"the file was refused: {p.Error}");
                case "ingested" when p.Generated >= p.Rows:
                    return;
            }

            if ((p.Scraped, p.Generated) != last)
            {
                last = (p.Scraped, p.Generated);
                lastMove = time.GetTimestamp();
            }
            else if (time.GetElapsedTime(lastMove) > StallTimeout)
            {
                throw new RunFailedException($"no row moved for {StallTimeout.TotalMinutes:0} minutes ({p.Scraped:N0} scraped, {p.Generated:N0} generated of {p.Rows:N0})");
            }
        }
    }

    // This process's peak, as the CPU seconds beside it are this process's: other nodes' samples carry their own.
    private async Task<long> PeakRssAsync(long runId, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return await conn.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT max(process_rss_bytes) FROM metric_samples WHERE run_id = @runId AND node = @node", new { runId, node = node.Name }, cancellationToken: ct)) ?? 0;
    }

    public static IReadOnlyDictionary<string, string?> LlmLimitsEntries(Generate.LlmLimitsSnapshot limits) => new Dictionary<string, string?>
    {
        ["llm.limits_source"] = limits.Source,
        ["llm.limit_requests_per_minute"] = limits.RequestsPerMinute?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["llm.limit_tokens_per_minute"] = limits.TokensPerMinute?.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>A row of <see cref="Progress"/>, in its column order (Dapper matches the constructor).</summary>
    private sealed record ProgressRow(string State, string? Error, int Rows, long Scraped, long Generated);
}

/// <summary>A run that could not complete, with the reason in words.</summary>
public sealed class RunFailedException(string message) : Exception(message);
