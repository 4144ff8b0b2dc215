using Appliance.Scrape;
using Dapper;
using Npgsql;

namespace Appliance.Runs;

/// <summary>
/// Reads a finished upload's figures back from PostgreSQL — stage windows from the rows' own timestamps,
/// outcomes, latency percentiles and histograms, the file's host shape, tokens and bytes — so a run's summary
/// is made of what was stored, not of what the process happened to count.
/// </summary>
public sealed class RunStatistics(NpgsqlDataSource dataSource)
{
    /// <summary>Upper bounds in seconds, the same as the <c>appliance_stage_duration_seconds</c> histogram's.</summary>
    public static readonly double[] LatencyBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

    private const string Upload = """
        SELECT rows_accepted AS Accepted, rows_rejected AS Rejected, started_at AS StartedAt, finished_at AS FinishedAt
        FROM file_uploads WHERE id = @uploadId
        """;

    private const string ScrapeOutcomes = """
        SELECT coalesce(failure_reason, scraping_status) AS Key, count(*) AS Count, max(scraped_at) AS Last
        FROM websites WHERE file_upload_id = @uploadId AND (@cutoff::timestamptz IS NULL OR scraped_at <= @cutoff) GROUP BY 1
        """;

    private const string GenerateWindow = """
        SELECT count(*) AS Count, min(created_at - latency_ms * interval '1 millisecond') AS First, max(created_at) AS Last,
               coalesce(sum(prompt_tokens), 0) AS PromptTokens, coalesce(sum(completion_tokens), 0) AS CompletionTokens
        FROM messages WHERE file_upload_id = @uploadId AND (@cutoff::timestamptz IS NULL OR created_at <= @cutoff)
        """;

    private const string GenerateOutcomes = """
        SELECT generation_status AS Key, count(*) AS Count FROM websites
        WHERE file_upload_id = @uploadId AND (@cutoff::timestamptz IS NULL OR updated_at <= @cutoff) GROUP BY 1
        """;

    private const string Latency = """
        SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) / 1000.0 AS P50,
               percentile_cont(0.9) WITHIN GROUP (ORDER BY ms) / 1000.0 AS P90,
               percentile_cont(0.99) WITHIN GROUP (ORDER BY ms) / 1000.0 AS P99,
               avg(ms) / 1000.0 AS Mean
        FROM ({0}) v
        """;

    private const string ScrapeLatencySource = "SELECT fetch_ms AS ms FROM websites WHERE file_upload_id = @uploadId AND fetch_ms IS NOT NULL AND (@cutoff::timestamptz IS NULL OR scraped_at <= @cutoff)";
    private const string GenerateLatencySource = "SELECT latency_ms AS ms FROM messages WHERE file_upload_id = @uploadId AND (@cutoff::timestamptz IS NULL OR created_at <= @cutoff)";

    private const string Shape = """
        WITH w AS (SELECT normalized_url, host FROM websites WHERE file_upload_id = @uploadId AND (@cutoff::timestamptz IS NULL OR scraped_at <= @cutoff))
        SELECT (SELECT count(DISTINCT normalized_url) FROM w) AS DistinctUrls,
               (SELECT count(DISTINCT host) FROM w) AS DistinctHosts,
               (SELECT coalesce(max(c), 0) FROM (SELECT count(DISTINCT normalized_url) AS c FROM w GROUP BY host) h) AS LargestHostUrls
        """;

    private const string FailureDurations = """
        SELECT CASE WHEN scraping_status = 'done' THEN 'ok' WHEN failure_reason = @timeout THEN 'slow' ELSE 'fast' END AS Kind,
               count(*) AS Count, coalesce(avg(fetch_ms), 0) / 1000.0 AS MeanSeconds
        FROM (SELECT DISTINCT ON (normalized_url) scraping_status, failure_reason, fetch_ms FROM websites
              WHERE file_upload_id = @uploadId AND scraping_status IN ('done', 'failed') AND (@cutoff::timestamptz IS NULL OR scraped_at <= @cutoff)
              ORDER BY normalized_url, fetch_ms DESC NULLS LAST) u
        GROUP BY 1
        """;

    // Who finished each row (LeadStates: writes set scraped_by / generated_by to the claiming node) and when: a node's share
    // of each stage and the span it worked in. websites.updated_at is the generate write (failures have no message).
    private const string Nodes = """
        SELECT 'scrape' AS Stage, scraped_by AS Node, count(*) AS Items, min(scraped_at) AS First, max(scraped_at) AS Last
        FROM websites WHERE file_upload_id = @uploadId AND scraped_by IS NOT NULL AND scraping_status IN ('done', 'failed') GROUP BY scraped_by
        UNION ALL
        SELECT 'generate', generated_by, count(*), min(updated_at), max(updated_at)
        FROM websites WHERE file_upload_id = @uploadId AND generated_by IS NOT NULL AND generation_status IN ('done', 'held', 'failed') GROUP BY generated_by
        ORDER BY 2, 1 DESC
        """;

    private const string DownloadedBytes = "SELECT coalesce(sum(bytes), 0) FROM websites WHERE file_upload_id = @uploadId";

    private const string DatabaseSize = """
        SELECT coalesce(sum(pg_table_size(c.oid)), 0)::bigint AS TableBytes, coalesce(sum(pg_indexes_size(c.oid)), 0)::bigint AS IndexBytes
        FROM pg_class c WHERE c.relname IN ('websites', 'messages', 'upload_rejects') AND c.relkind = 'r'
        """;

    /// <summary>Bytes the per-row tables (websites, messages, rejects; TOAST with the table) and their indexes take now; a run records the growth.</summary>
    public async Task<(long TableBytes, long IndexBytes)> DatabaseBytesAsync(CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return await conn.QuerySingleAsync<(long, long)>(new CommandDefinition(DatabaseSize, cancellationToken: ct));
    }

    /// <param name="cutoff">Only what had finished by then (the back-test's first tenth of a run); null: everything.</param>
    public async Task<UploadFigures> ReadAsync(long uploadId, DateTime runStartedUtc, CancellationToken ct, DateTime? cutoff = null)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var args = new { uploadId, bounds = LatencyBuckets, timeout = FailureReason.Timeout, cutoff = cutoff is { } c ? DateTime.SpecifyKind(c, DateTimeKind.Utc) : (DateTime?)null };
        var upload = await conn.QuerySingleAsync<UploadRow>(new CommandDefinition(Upload, args, cancellationToken: ct));
        double At(DateTime? t) => t is { } v ? Math.Max(0, (v - runStartedUtc).TotalSeconds) : 0;

        var ingestEnd = At(upload.FinishedAt);
        var ingest = new StageSummary("ingest", upload.Accepted + upload.Rejected, At(upload.StartedAt), ingestEnd,
            PerMinute(upload.Accepted + upload.Rejected, ingestEnd - At(upload.StartedAt)),
            new Dictionary<string, long> { ["accepted"] = upload.Accepted, ["rejected"] = upload.Rejected }, new Dictionary<string, long>(), null);

        var scrapeRows = (await conn.QueryAsync<OutcomeRow>(new CommandDefinition(ScrapeOutcomes, args, cancellationToken: ct))).ToList();
        var scrapeItems = scrapeRows.Where(r => r.Key != "pending" && r.Key != "fetching").Sum(r => r.Count);
        var scrapeEnd = scrapeRows.Count == 0 ? ingestEnd : At(scrapeRows.Max(r => r.Last));
        var scrape = new StageSummary("scrape", scrapeItems, ingestEnd, scrapeEnd, PerMinute(scrapeItems, scrapeEnd - ingestEnd),
            new Dictionary<string, long>
            {
                ["done"] = scrapeRows.Where(r => r.Key == "done").Sum(r => r.Count),
                ["failed"] = scrapeRows.Where(r => FailureReason.All.Contains(r.Key) || r.Key == "failed").Sum(r => r.Count),
            },
            scrapeRows.Where(r => FailureReason.All.Contains(r.Key)).ToDictionary(r => r.Key, r => r.Count),
            await LatencyAsync(conn, ScrapeLatencySource, args, ct));

        var window = await conn.QuerySingleAsync<GenerateRow>(new CommandDefinition(GenerateWindow, args, cancellationToken: ct));
        var generateRows = (await conn.QueryAsync<OutcomeRow>(new CommandDefinition(GenerateOutcomes, args, cancellationToken: ct))).ToList();
        var generateItems = generateRows.Where(r => r.Key is "done" or "failed").Sum(r => r.Count);
        var (generateStart, generateEnd) = window.Count == 0 ? (scrapeEnd, scrapeEnd) : (At(window.First), At(window.Last));
        var generate = new StageSummary("generate", generateItems, generateStart, generateEnd, PerMinute(generateItems, generateEnd - generateStart),
            generateRows.Where(r => r.Key is "done" or "failed").ToDictionary(r => r.Key, r => r.Count),
            new Dictionary<string, long>(), window.Count == 0 ? null : await LatencyAsync(conn, GenerateLatencySource, args, ct));

        var shape = await conn.QuerySingleAsync<ShapeRow>(new CommandDefinition(Shape, args, cancellationToken: ct));
        var kinds = (await conn.QueryAsync<KindRow>(new CommandDefinition(FailureDurations, args, cancellationToken: ct))).ToDictionary(k => k.Kind);
        KindRow Kind(string k) => kinds.TryGetValue(k, out var r) ? r : new KindRow { Kind = k };
        var downloaded = await conn.ExecuteScalarAsync<long>(new CommandDefinition(DownloadedBytes, args, cancellationToken: ct));
        var nodes = (await conn.QueryAsync<NodeRow>(new CommandDefinition(Nodes, args, cancellationToken: ct)))
            .Select(n => new NodeStage(n.Node, n.Stage, n.Items, At(n.First), At(n.Last))).ToList();

        return new UploadFigures(upload.Accepted, upload.Rejected, ingest, scrape, generate,
            new ScrapeShape(shape.DistinctUrls, shape.DistinctHosts, shape.LargestHostUrls,
                Kind("ok").Count, Kind("ok").MeanSeconds, Kind("fast").Count, Kind("fast").MeanSeconds, Kind("slow").Count, Kind("slow").MeanSeconds),
            downloaded, window.PromptTokens, window.CompletionTokens,
            window.Count == 0 ? At(scrapeRows.Count == 0 ? upload.FinishedAt : scrapeRows.Max(r => r.Last)) : Math.Max(scrapeEnd, generateEnd), nodes);
    }

    private static async Task<LatencySummary?> LatencyAsync(NpgsqlConnection conn, string source, object args, CancellationToken ct)
    {
        var row = await conn.QuerySingleAsync<LatencyRow>(new CommandDefinition(string.Format(System.Globalization.CultureInfo.InvariantCulture, Latency, source), args, cancellationToken: ct));
        if (row.P50 is null)
        {
            return null;
        }

        // width_bucket numbers the buckets 1..n (0 below the first bound, n+1 past the last); fold them onto the upper bounds.
        var counts = new long[LatencyBuckets.Length + 1];
        var raw = await conn.QueryAsync<(int B, long N)>(new CommandDefinition(
            $"SELECT width_bucket(ms / 1000.0, @bounds::float8[]) AS b, count(*) AS n FROM ({source}) v GROUP BY 1", args, cancellationToken: ct));
        foreach (var (b, n) in raw)
        {
            counts[Math.Clamp(b, 0, LatencyBuckets.Length)] += n;
        }

        var buckets = LatencyBuckets.Select((upper, i) => new LatencyBucket(upper, counts[i])).Append(new LatencyBucket(double.PositiveInfinity, counts[^1]));
        return new LatencySummary(row.P50.Value, row.P90 ?? 0, row.P99 ?? 0, row.Mean ?? 0, [.. buckets]);
    }

    private static double PerMinute(long items, double seconds) => seconds <= 0 ? 0 : Math.Round(items / seconds * 60, 1);

    // Positional rows list their query's columns in order, with the types PostgreSQL returns (Dapper matches the constructor).
    private sealed record UploadRow(int Accepted, int Rejected, DateTime? StartedAt, DateTime? FinishedAt);

    private sealed class OutcomeRow
    {
        public string Key { get; set; } = "";
        public long Count { get; set; }
        public DateTime? Last { get; set; }
    }

    private sealed record GenerateRow(long Count, DateTime? First, DateTime? Last, long PromptTokens, long CompletionTokens);

    private sealed class LatencyRow
    {
        public double? P50 { get; set; }
        public double? P90 { get; set; }
        public double? P99 { get; set; }
        public double? Mean { get; set; }
    }

    private sealed record ShapeRow(long DistinctUrls, long DistinctHosts, long LargestHostUrls);

    private sealed record NodeRow(string Stage, string Node, long Items, DateTime? First, DateTime? Last);

    private sealed class KindRow
    {
        public string Kind { get; set; } = "";
        public long Count { get; set; }
        public double MeanSeconds { get; set; }
    }
}

/// <summary>An upload's figures as stored: what <see cref="RunStatistics"/> reads back.</summary>
public sealed record UploadFigures(
    long Rows, long Rejected, StageSummary Ingest, StageSummary Scrape, StageSummary Generate, ScrapeShape Shape,
    long DownloadedBytes, long PromptTokens, long CompletionTokens, double LastItemSeconds, IReadOnlyList<NodeStage> Nodes);
