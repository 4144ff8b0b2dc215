using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Appliance.Tests.Web;

/// <summary>The page's JSON reads over loopback HTTP, with the key, on the daemon the browser tests use.</summary>
[Collection(WebCollection.Name)]
public sealed class UploadViewEndpointsTests(WebFixture server)
{
    [Fact]
    public async Task Progress_FollowsAnUploadToCompletion_ThenItsLeadsAndOneLeadCanBeRead()
    {
        // Port 9 on loopback refuses connections: both leads fail to scrape, quickly, and still get a message.
        var csv = "website,company\nhttp://127.0.0.1:9/a,Alpha\nn/a,Bad\nhttp://127.0.0.1:9/b,Beta\n";
        var posted = await server.Client.PostAsync("/api/uploads", new MultipartFormDataContent
        {
            { new ByteArrayContent(Encoding.UTF8.GetBytes(csv)), "file", "progress.csv" },
        });
        var id = (await posted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("upload_id").GetInt64();

        JsonElement p = default;
        for (var i = 0; i < 900; i++)
        {
            p = await server.Client.GetFromJsonAsync<JsonElement>($"/api/uploads/{id}/progress");
            if (p.GetProperty("complete").GetBoolean())
            {
                break;
            }

            await Task.Delay(100);
        }

        Assert.True(p.GetProperty("complete").GetBoolean(), p.ToString());
        Assert.Equal(2, p.GetProperty("rows_accepted").GetInt32());
        Assert.Equal(1, p.GetProperty("rows_rejected").GetInt32());
        Assert.Equal(2, p.GetProperty("scrape").GetProperty("failed").GetInt64());
        Assert.Equal(2, p.GetProperty("scrape").GetProperty("failures_by_reason").EnumerateObject().Sum(r => r.Value.GetInt64()));
        var generate = p.GetProperty("generate");
        Assert.Equal(2, generate.GetProperty("done").GetInt64() + generate.GetProperty("failed").GetInt64());
        Assert.True(p.GetProperty("scrape_per_minute").GetDouble() > 0);
        Assert.Equal(0, p.GetProperty("eta_seconds").GetDouble());

        var uploads = await server.Client.GetFromJsonAsync<JsonElement[]>("/api/uploads");
        Assert.Contains(uploads!, u => u.GetProperty("id").GetInt64() == id && u.GetProperty("file_name").GetString() == "progress.csv");

        var leads = await server.Client.GetFromJsonAsync<JsonElement[]>($"/api/uploads/{id}/leads");
        Assert.Equal([2, 4], leads!.Select(l => l.GetProperty("row_number").GetInt32()));
        var after = await server.Client.GetFromJsonAsync<JsonElement[]>($"/api/uploads/{id}/leads?after=2");
        Assert.Equal(4, Assert.Single(after!).GetProperty("row_number").GetInt32());

        var lead = await server.Client.GetFromJsonAsync<JsonElement>($"/api/leads/{leads![0].GetProperty("id").GetInt64()}");
        Assert.Equal("Alpha", lead.GetProperty("company").GetString());
        Assert.Equal("failed", lead.GetProperty("scraping_status").GetString());
        Assert.False(string.IsNullOrEmpty(lead.GetProperty("failure_reason").GetString()));
        Assert.Equal(id, lead.GetProperty("upload_id").GetInt64());

        Assert.Equal(HttpStatusCode.NotFound, (await server.Client.GetAsync("/api/leads/999999")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await server.Client.GetAsync("/api/uploads/999999/progress")).StatusCode);
    }

    [Fact]
    public async Task Host_ReadsTheSameCollectorsAsMetrics()
    {
        var host = await server.Client.GetFromJsonAsync<JsonElement>("/api/host");

        Assert.Equal(Environment.ProcessorCount, host.GetProperty("cpus").GetInt32());
        Assert.True(host.GetProperty("memory_total_bytes").GetDouble() > 0);
        Assert.True(host.GetProperty("load1_per_core").GetDouble() >= 0);
        Assert.NotEqual(0, host.GetProperty("filesystems").GetArrayLength());
        var metrics = await server.Client.GetStringAsync("/metrics");
        var line = metrics.Split('\n').Single(l => l.StartsWith("node_memory_MemTotal_bytes{} ", StringComparison.Ordinal));
        Assert.Equal(host.GetProperty("memory_total_bytes").GetDouble(), double.Parse(line.Split(' ')[^1], System.Globalization.CultureInfo.InvariantCulture));
    }
}
