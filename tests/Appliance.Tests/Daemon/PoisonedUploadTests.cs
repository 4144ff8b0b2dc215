using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Appliance.Lab;
using Appliance.Pipeline;
using Appliance.Tests.Support;
using Dapper;

namespace Appliance.Tests.Daemon;

/// <summary>
/// The daemon fed an ordinary-looking upload full of poison: sites with emoji across every cap, 60,000 nested elements and
/// lying charsets, rows with lone surrogates and emoji in their fields. Every row ends final, no chunk is claimed past the
/// attempt cap (no loop), PostgreSQL accepted every write, and <c>/healthz</c> answers throughout.
/// </summary>
public sealed class PoisonedUploadTests : IAsyncLifetime
{
    private readonly DatabaseFixture _db = new();
    private readonly TempDirectory _state = new();
    private LabServer _lab = null!;
    private ApplianceServer _server = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        await _db.InitializeAsync();
        _lab = await LabServer.StartAsync(new LabOptions
        {
            Port = 0, Seed = 19, LatencyMedianMs = 0, PlainHttp = true, EmojiCapsRate = 0.3, DeepNestingRate = 0.1, LyingCharsetRate = 0.2,
        });
        _server = await Program.BuildWebAppAsync(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = _db.ConnectionString,
            ["StateDirectory"] = _state.Path,
            ["Urls"] = "http://127.0.0.1:0",
            ["Scrape:AllowedNetworks:0"] = "127.0.0.0/8",
            ["Scrape:RequestTimeoutMs"] = "10000",
            ["Scrape:ChunkSize"] = "40",
            ["Generate:ChunkSize"] = "40",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        await _server.StartAsync();
        _client = new HttpClient { BaseAddress = new Uri(_server.Addresses.Single()), Timeout = TimeSpan.FromSeconds(30) };
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
        await _lab.DisposeAsync();
        await _db.DisposeAsync();
        _state.Dispose();
    }

    [Fact]
    public async Task APoisonedUpload_EndsWithEveryRowFinal_NoRowClaimedPastTheCap_AndHealthzGreenThroughout()
    {
        using var leads = new StringWriter();
        LeadFileGenerator.Write(leads, 120, seed: 19, progress: null, withBadRows: true, _lab.Port, sites: 0, firstSite: 0, labSeed: 19);
        // Rows whose own fields are poison: a lone surrogate in the company, an emoji cut by the excerpt cap of a rejected row.
        var csv = leads.ToString() + $"{_lab.SiteUrl(3)},\"Broken \ud83d Co\",Ann Lee\n" + "no-url-here,\"" + new string('é', 199) + "😀 and more\"\n";
        using var posted = await _client.PostAsync("/api/uploads", new MultipartFormDataContent
        {
            { new ByteArrayContent(Encoding.UTF8.GetBytes(csv)), "file", "poison.csv" },
        });
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        var id = (await posted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("upload_id").GetInt64();

        var complete = false;
        for (var i = 0; i < 600 && !complete; i++)
        {
            using var health = await _client.GetAsync("/healthz");
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            var progress = await _client.GetFromJsonAsync<JsonElement>($"/api/uploads/{id}/progress");
            complete = progress.GetProperty("complete").GetBoolean();
            await Task.Delay(250);
        }

        Assert.True(complete, "the upload never completed");
        await using var conn = await _db.DataSource.OpenConnectionAsync();
        var rows = (await conn.QueryAsync<(string Scrape, string Generate, string? Reason, int Attempts)>(
            "SELECT scraping_status, generation_status, failure_reason, greatest(scrape_attempts, generate_attempts) FROM websites WHERE file_upload_id = @id",
            new { id })).ToList();
        Assert.True(rows.Count > 100, $"{rows.Count} rows loaded");
        Assert.All(rows, r => Assert.Contains(r.Scrape, new[] { LeadStates.Done, LeadStates.Failed }));
        Assert.All(rows, r => Assert.Contains(r.Generate, new[] { LeadStates.Done, LeadStates.Held, LeadStates.Failed }));
        Assert.All(rows, r => Assert.True(r.Attempts <= 1, $"a row was claimed {r.Attempts} times: a chunk failed and was retried"));
        Assert.DoesNotContain(rows, r => r.Reason == "write_refused");
        Assert.True(await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM upload_rejects WHERE file_upload_id = @id", new { id }) > 0);
    }
}
