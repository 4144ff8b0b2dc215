using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Appliance.Tests.Runs;

namespace Appliance.Tests.Api;

/// <summary><c>/api/runs</c> over a real loopback socket: upload a file as a run, follow it to the end, read the stored figures.</summary>
public sealed class RunEndpointsTests(RunsFixture f) : IClassFixture<RunsFixture>
{
    [Fact]
    public async Task PostingAFile_StartsARun_ThatFinishesWithItsFigures_AndASecondIsRefusedMeanwhile()
    {
        using var form = Form(f.WriteLeads(120, seed: 5, firstSite: 30_000), "leads.csv");
        using var response = await f.Client.PostAsync("/api/runs", form);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("run_id").GetInt64();

        using var again = Form(f.WriteLeads(5, seed: 6, firstSite: 31_000), "other.csv");
        using var refused = await f.Client.PostAsync("/api/runs", again);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);

        JsonElement run = default;
        for (var i = 0; i < 600; i++)
        {
            run = JsonDocument.Parse(await f.Client.GetStringAsync($"/api/runs/{id}")).RootElement;
            if (run.GetProperty("state").GetString() != "running")
            {
                break;
            }

            await Task.Delay(100);
        }

        Assert.Equal("finished", run.GetProperty("state").GetString());
        Assert.Equal("leads.csv", run.GetProperty("source").GetString());
        var summary = run.GetProperty("summary");
        var rows = summary.GetProperty("rows").GetInt64();
        Assert.Equal(120, rows + summary.GetProperty("rejected").GetInt64());
        Assert.Equal(rows, summary.GetProperty("generate").GetProperty("outcomes").GetProperty("done").GetInt64());
        var list = JsonDocument.Parse(await f.Client.GetStringAsync("/api/runs")).RootElement;
        Assert.Contains(list.EnumerateArray(), r => r.GetProperty("run_id").GetInt64() == id && r.GetProperty("rows").GetInt64() == rows);
        Assert.Equal(HttpStatusCode.NotFound, (await f.Client.GetAsync("/api/runs/999999")).StatusCode);
    }

    private static MultipartFormDataContent Form(string path, string name)
    {
        var content = new ByteArrayContent(File.ReadAllBytes(path));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        return new MultipartFormDataContent { { content, "file", name } };
    }
}
