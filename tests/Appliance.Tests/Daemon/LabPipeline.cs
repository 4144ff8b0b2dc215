using System.Globalization;
using System.Net;
using System.Text;
using Appliance.Lab;
using Appliance.Tests.Support;
using Dapper;
using Npgsql;

namespace Appliance.Tests.Daemon;

/// <summary>
/// A pipeline run for the daemon tests: the lab's web and LLM in the test process, <c>appliance serve</c> configured
/// to use them, an upload of lab leads, and the run's progress read straight from PostgreSQL. Latency is small but
/// not zero, so a run lasts long enough (a few seconds) to be interrupted in the middle.
/// </summary>
public static class LabPipeline
{
    public const int Rows = 400;

    public static LabOptions LabOptions => new()
    {
        Port = 0,
        Seed = 11,
        LatencyMedianMs = 40,
        LatencyP95Ms = 150,
        LatencyMaxMs = 300,
        HangRate = 0,      // hangs and slow drips only wait out timeouts
        SlowDripRate = 0,
        Llm = new LabLlmOptions { TimeToFirstTokenMs = 60, TokensPerSecond = 3000, OutputTokens = 30 },
    };

    public sealed record Progress(long Total, long Fetching, long Scraped, long Generating, long Generated, long GenerationFailed, long Messages)
    {
        public bool Finished => Total == Rows && Scraped == Total && Generated + GenerationFailed == Total;

        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"total {Total}, fetching {Fetching}, scraped {Scraped}, generating {Generating}, generated {Generated}, generation failed {GenerationFailed}, messages {Messages}");
    }

    public static Dictionary<string, string> Environment(LabServer lab, string connectionString, string stateDirectory) => new()
    {
        ["APPLIANCE_ConnectionStrings__Postgres"] = connectionString,
        ["APPLIANCE_StateDirectory"] = stateDirectory,
        ["APPLIANCE_Scrape__AllowedNetworks__0"] = "127.0.0.0/8",
        ["APPLIANCE_Scrape__Concurrency"] = "8",
        ["APPLIANCE_Scrape__ChunkSize"] = "50",
        ["APPLIANCE_Scrape__RequestTimeoutMs"] = "3000",
        ["APPLIANCE_Generate__Generator"] = "llm",
        ["APPLIANCE_Generate__Concurrency"] = "4",
        ["APPLIANCE_Generate__ChunkSize"] = "25",
        ["APPLIANCE_Llm__BaseUrl"] = lab.LlmBaseUrl,
        ["APPLIANCE_Llm__Model"] = LabLlmOptions.Model,
        ["APPLIANCE_Llm__ApiKey"] = "lab",
        ["APPLIANCE_Recovery__CheckSeconds"] = "1",
    };

    public static Task<long> UploadAsync(HttpClient client, LabServer lab) => PostLeadsAsync(client, lab, Rows, "/api/uploads", "upload_id");

    /// <summary>A measured run of <paramref name="rows"/> lab leads (<c>POST /api/runs</c>): the receiving node measures it.</summary>
    public static Task<long> StartRunAsync(HttpClient client, LabServer lab, int rows) => PostLeadsAsync(client, lab, rows, "/api/runs", "run_id");

    private static async Task<long> PostLeadsAsync(HttpClient client, LabServer lab, int rows, string path, string idProperty)
    {
        var csv = "website,company\n" + string.Concat(Enumerable.Range(0, rows).Select(i => $"{lab.SiteUrl(i)},Company {i}\n"));
        using var form = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes(csv)), "file", "lab.csv" } };
        var response = await client.PostAsync(path, form);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty(idProperty).GetInt64();
    }

    public static async Task<Progress> ReadAsync(NpgsqlDataSource db, long uploadId)
    {
        await using var conn = await db.OpenConnectionAsync();
        return await conn.QuerySingleAsync<Progress>("""
            SELECT count(*) AS Total,
                   count(*) FILTER (WHERE scraping_status = 'fetching') AS Fetching,
                   count(*) FILTER (WHERE scraping_status IN ('done', 'failed')) AS Scraped,
                   count(*) FILTER (WHERE generation_status = 'generating') AS Generating,
                   count(*) FILTER (WHERE generation_status = 'done') AS Generated,
                   count(*) FILTER (WHERE generation_status = 'failed') AS GenerationFailed,
                   (SELECT count(*) FROM messages WHERE file_upload_id = @uploadId) AS Messages
            FROM websites WHERE file_upload_id = @uploadId
            """, new { uploadId });
    }

    /// <summary>Polls until <paramref name="until"/> holds; a database that is down reads as "not yet".</summary>
    public static async Task<Progress> WaitAsync(NpgsqlDataSource db, long uploadId, Func<Progress, bool> until, TimeSpan timeout, Func<string> context)
    {
        var deadline = DateTime.UtcNow + timeout;
        Progress? last = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                last = await ReadAsync(db, uploadId);
                if (until(last))
                {
                    return last;
                }
            }
            catch (NpgsqlException)
            {
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"not reached within {timeout.TotalSeconds} s; last: {last}\n{context()}");
    }

    /// <summary>Every lead finished, each with exactly one message: none lost, none written twice.</summary>
    public static async Task AssertCompleteAsync(NpgsqlDataSource db, long uploadId)
    {
        var end = await ReadAsync(db, uploadId);
        Assert.True(end.Finished, end.ToString());
        Assert.Equal(0, end.GenerationFailed);
        Assert.Equal(end.Total, end.Messages);
        await using var conn = await db.OpenConnectionAsync();
        Assert.Equal(0, await conn.ExecuteScalarAsync<long>("""
            SELECT count(*) FROM websites w WHERE w.file_upload_id = @uploadId
              AND (SELECT count(*) FROM messages m WHERE m.website_id = w.id) <> 1
            """, new { uploadId }));
    }
}
