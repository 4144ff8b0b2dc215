using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Appliance.Tests.Runs;
using OpenQA.Selenium;

namespace Appliance.Tests.Web;

/// <summary>Starting a measured run from the page, watching it in the runs list, and generating its capacity report.</summary>
[Collection(WebCollection.Name)]
public sealed partial class RunsAndReportsTests(WebFixture f)
{
    private Browser B => f.Browser;

    [Fact]
    public async Task ALabRun_StartedFromThePage_IsListedUntilFinished_ThenItsReportIsGeneratedStoredAndDownloaded()
    {
        f.OpenSignedIn();
        B.ConsoleProblems();
        B.WaitFor(_ => B.Find("run-generator").Text.Contains("template", StringComparison.Ordinal), "the daemon's generator in the run form");
        Assert.Contains("The template generator calls no LLM", B.Find("run-generator").Text);

        B.Find("run-source-lab").Click();
        B.Find("run-rows").Clear();
        B.Find("run-rows").SendKeys("200");
        B.Find("start-run").Click();
        var started = B.WaitFor(_ => StartedRun().Match(B.Find("run-message").Text) is { Success: true } m ? m : null, "the started run's id", 60)!;
        var runId = long.Parse(started.Groups[1].Value);
        Assert.Contains("200 lab leads", started.Value);

        // The list polls by itself until the run is through every stage; a generous deadline for a shared machine.
        var row = B.WaitFor(d => d.FindElements(By.CssSelector($"#runs tr[data-run='{runId}'][data-state='finished']")).FirstOrDefault(), "the run finished in the list", 240)!;
        var run = JsonDocument.Parse(await f.Client.GetStringAsync($"/api/runs/{runId}")).RootElement;
        Assert.Equal("finished", run.GetProperty("state").GetString());
        Assert.Equal("lab:200", run.GetProperty("source").GetString());
        var rows = run.GetProperty("summary").GetProperty("rows").GetInt64();
        Assert.Equal(["lab:200", "finished", rows.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)],
            row.FindElements(By.TagName("td")).Skip(2).Take(3).Select(c => c.Text));
        Assert.True(run.GetProperty("configuration").GetProperty("lab.web").GetBoolean());
        // The list shows the run's 500,000-row headline and its bottleneck, as the API lists them, and its start in UTC.
        var inList = JsonDocument.Parse(await f.Client.GetStringAsync("/api/runs")).RootElement.EnumerateArray().Single(r => r.GetProperty("run_id").GetInt64() == runId);
        var headline = inList.GetProperty("headline");
        Assert.Equal(500_000, headline.GetProperty("rows").GetInt64());
        var cells = row.FindElements(By.TagName("td")).Select(c => c.Text).ToList();
        Assert.StartsWith("500,000 rows: ", cells[5]);
        Assert.Equal(headline.GetProperty("bottleneck").GetString(), cells[6]);
        Assert.EndsWith(" UTC", cells[7]);

        // Feedback while it renders: record what the message and the button say, then click.
        B.Driver.ExecuteScript("""
            const id = arguments[0];
            window.seen = [];
            new MutationObserver(() => {
              const b = document.querySelector('button[data-report="' + id + '"]');
              window.seen.push(document.getElementById('report-message').textContent + ' | ' + (b ? b.textContent + (b.disabled ? ' (disabled)' : '') : ''));
            }).observe(document.getElementById('runs-card'), { subtree: true, childList: true, characterData: true });
            """, runId);
        B.Find("runs").FindElement(By.CssSelector($"button[data-report='{runId}']")).Click();

        var pdf = File.ReadAllBytes(B.WaitForDownload($"report-run-{runId}.pdf", 90));
        Assert.Contains($"Run {runId} processed {rows:N0} rows", RunReportTests.Text(pdf));
        B.WaitFor(_ => B.Find("report-message").Text.StartsWith($"Downloaded report-run-{runId}.pdf", StringComparison.Ordinal), "the report message");
        var seen = ((IEnumerable<object>)B.Driver.ExecuteScript("return window.seen")!).Select(o => (string)o).ToList();
        Assert.Contains($"Rendering the report of run {runId}… | Rendering… (disabled)", seen);
        B.WaitFor(_ => B.Find("runs").FindElement(By.CssSelector($"button[data-report='{runId}']")) is { Enabled: true, Text: "Generate report" }, "the button back");

        // Stored where the report timer writes, listed on the page and by the API, served byte for byte.
        var file = $"report-run-{runId}.pdf";
        B.WaitFor(d => d.FindElements(By.CssSelector($"#reports button[data-file='{file}']")).FirstOrDefault(), "the stored report in the list");
        Assert.Equal(pdf, await File.ReadAllBytesAsync(Path.Combine(f.StateDirectory, "reports", file)));
        var listed = JsonDocument.Parse(await f.Client.GetStringAsync("/api/reports")).RootElement.EnumerateArray().Single(r => r.GetProperty("file").GetString() == file);
        Assert.Equal(runId, listed.GetProperty("run_id").GetInt64());
        Assert.Equal(pdf, await f.Client.GetByteArrayAsync(listed.GetProperty("url").GetString()));

        B.Driver.ExecuteScript("document.getElementById('runs-list-title').scrollIntoView()");
        B.Screenshot("run-and-report");
        Assert.Empty(B.ConsoleProblems());
    }

    [Fact]
    public async Task TheReportEndpoints_RefuseUnknownRuns_NamesThatAreNoReport_AndBadLabRuns()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await f.Client.PostAsync("/api/runs/987654/report", null)).StatusCode);
        foreach (var name in new[] { "report-run-987654.pdf", "..%2Fappliance.json", "report-run-1.pdf.partial", "notes.txt" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await f.Client.GetAsync($"/api/reports/{name}")).StatusCode);
        }

        foreach (var body in new[] { "{}", """{"lab_rows": 0}""", """{"lab_rows": 500001}""", """{"lab_rows": 10, "seed": -1}""" })
        {
            using var content = new StringContent(body, Encoding.UTF8, "application/json");
            using var response = await f.Client.PostAsync("/api/runs", content);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{body}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        var settings = JsonDocument.Parse(await f.Client.GetStringAsync("/api/runs/settings")).RootElement;
        Assert.Equal("template", settings.GetProperty("generator").GetString());
        Assert.True(settings.GetProperty("lab_runs").GetBoolean());
        using var anonymous = new HttpClient { BaseAddress = new Uri(f.BaseUrl) };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/reports")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/api/runs/1/report", null)).StatusCode);
    }

    [GeneratedRegex(@"Started run (\d+) \(([^)]*)\)")]
    private static partial Regex StartedRun();
}
