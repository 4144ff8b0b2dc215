using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using OpenQA.Selenium;

namespace Appliance.Tests.Web;

/// <summary>The operator's page in headless Chromium against the real daemon (with an API key) and the lab web.</summary>
[Collection(WebCollection.Name)]
public sealed class WebPageTests(WebFixture f)
{
    private Browser B => f.Browser;

    private void OpenSignedIn() => f.OpenSignedIn();

    [Fact]
    public void SignIn_RefusesAWrongKey_ThenTheRightKeyShowsTheApp_WithTheHostPanel()
    {
        B.Driver.Navigate().GoToUrl(f.BaseUrl + "/");
        B.Driver.ExecuteScript("sessionStorage.clear()");
        B.Driver.Navigate().Refresh();
        B.WaitFor(_ => B.Find("sign-in").Displayed, "the sign-in form");
        Assert.False(B.Find("app").Displayed);

        B.Find("api-key").SendKeys("not-the-key");
        B.Find("sign-in-form").Submit();
        B.WaitFor(_ => B.Find("sign-in-error").Text.Contains("not accepted", StringComparison.Ordinal), "the refusal");
        Assert.Null(B.Driver.ExecuteScript("return sessionStorage.getItem('appliance.api-key')"));

        B.Find("api-key").Clear();
        B.Find("api-key").SendKeys(f.Key);
        B.Find("sign-in-form").Submit();
        B.WaitFor(_ => B.Find("app").Displayed, "the app after signing in");
        Assert.Equal(f.Key, B.Driver.ExecuteScript("return sessionStorage.getItem('appliance.api-key')"));

        // The host panel fills from /api/host; its second poll has disk and network rates.
        var host = B.WaitFor(_ => B.Find("host").Text is var t && t.Contains("Network", StringComparison.Ordinal) ? t : null, "network rates in the host panel", 15);
        Assert.Contains("Load per core", host);
        Assert.Contains("Memory used", host);
        Assert.Contains("Disk free", host);

        // A reload in the same tab keeps the session; signing out forgets the key.
        B.Driver.Navigate().Refresh();
        B.WaitFor(_ => B.Find("app").Displayed, "the app after a reload");
        B.Find("sign-out").Click();
        B.WaitFor(_ => B.Find("sign-in").Displayed, "the sign-in form after signing out");
        Assert.Null(B.Driver.ExecuteScript("return sessionStorage.getItem('appliance.api-key')"));

        B.Screenshot("sign-in");
        Assert.Empty(B.ConsoleProblems());
    }

    [Fact]
    public async Task Upload_ShowsRejects_ReachesCompletionInEveryStage_ExportsAndOpensALead()
    {
        OpenSignedIn();
        B.ConsoleProblems();
        var leads = f.WriteLeads(60, seed: 3, firstSite: 40_000);

        B.Find("file").SendKeys(leads);

        var message = B.WaitFor(_ => B.Find("upload-message").Text is var t && t.Contains("accepted", StringComparison.Ordinal) ? t : null, "the ingest counts", 90);
        // (on a timeout the message above says what the page showed instead)
        var id = Convert.ToInt64(B.Driver.ExecuteScript("return Number(document.getElementById('upload-select').value)"));
        var status = JsonDocument.Parse(await f.Client.GetStringAsync($"/api/uploads/{id}")).RootElement;
        var accepted = status.GetProperty("rows_accepted").GetInt32();
        var rejected = status.GetProperty("rows_rejected").GetInt32();
        Assert.True(rejected > 0, "the lab file carries bad rows");
        Assert.Contains($"{accepted} rows accepted, {rejected} rejected", message);

        // The reject list: one table row per stored reject, with its row number and reason.
        B.Find("rejects-box").FindElement(By.TagName("summary")).Click();
        var rejectRows = B.Find("rejects").FindElements(By.CssSelector("tbody tr"));
        var rejects = JsonDocument.Parse(await f.Client.GetStringAsync($"/api/uploads/{id}/rejects")).RootElement;
        Assert.Equal(rejects.GetArrayLength(), rejectRows.Count);
        Assert.Equal(rejects[0].GetProperty("row_number").GetInt32().ToString(), rejectRows[0].FindElements(By.TagName("td"))[0].Text);
        Assert.Equal(rejects[0].GetProperty("reason").GetString(), rejectRows[0].FindElements(By.TagName("td"))[1].Text);

        // Live progress: the page polls until every stage is through, without a reload.
        B.WaitFor(_ => B.Find("progress").GetAttribute("data-complete") == "true", "every stage complete", 180);
        foreach (var stage in new[] { "ingest", "scrape", "generate" })
        {
            Assert.Equal("true", B.Find($"stage-{stage}").GetAttribute("data-complete"));
        }

        Assert.Contains($"{accepted} / {accepted}", B.Find("stage-scrape").Text);
        Assert.Contains($"{accepted} / {accepted}", B.Find("stage-generate").Text);
        Assert.Contains("per minute", B.Find("stage-generate").Text);
        Assert.Contains("rate over the last minute; the capacity model's ETA appears here once a measured run is stored", B.Find("eta-basis").Text); // no run in this fixture
        B.Screenshot("upload-complete");

        // The export: the page fetches it with the key and hands it to the browser as a download.
        B.Find("export").Click();
        var csv = File.ReadAllText(B.WaitForDownload($"upload-{id}"));
        Assert.StartsWith("row_number,url,", csv);
        Assert.Equal(accepted, CsvRecords(csv) - 1);
        B.WaitFor(_ => B.Find("export-message").Text.StartsWith("Downloaded", StringComparison.Ordinal), "the export message");

        // One lead: what was scraped and its message.
        B.WaitFor(_ => B.Find("leads").FindElements(By.CssSelector("button[data-lead]")).Count > 0, "the lead list");
        B.Find("leads").FindElements(By.CssSelector("button[data-lead]"))[0].Click();
        B.WaitFor(_ => B.Find("lead").Displayed, $"the opened lead; console: {string.Join(" | ", B.ConsoleProblems())}");
        Assert.StartsWith("Row ", B.Find("lead-title").Text);
        Assert.Contains("Website", B.Find("lead-facts").Text);
        Assert.NotEqual("(no message)", B.Find("lead-message").Text);
        Assert.False(string.IsNullOrWhiteSpace(B.Find("lead-message").Text));
        B.Screenshot("lead");

        Assert.Empty(B.ConsoleProblems());
    }

    [Fact]
    public void DroppingAFile_OnTheBox_UploadsIt_AndListsItsRejectedRow()
    {
        OpenSignedIn();
        B.ConsoleProblems();

        // What a drag from the desktop delivers: a drop event whose DataTransfer holds the file. Port 9 refuses, so the
        // one good lead fails fast and the pipeline stays on this machine.
        B.Driver.ExecuteScript("""
            const data = new DataTransfer();
            data.items.add(new File(['website,company\nhttp://127.0.0.1:9/a,Alpha\nn/a,Bad\n'], 'dropped.csv', { type: 'text/csv' }));
            document.getElementById('drop').dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
            """);

        var message = B.WaitFor(_ => B.Find("upload-message").Text is var t && t.StartsWith("dropped.csv:", StringComparison.Ordinal) ? t : null, "the dropped file's counts", 90);
        Assert.Equal("dropped.csv: 1 row accepted, 1 rejected.", message);
        B.Find("rejects-box").FindElement(By.TagName("summary")).Click();
        var cells = B.Find("rejects").FindElements(By.CssSelector("tbody td")).Select(c => c.Text).ToList();
        Assert.Equal(["3", "invalid_url"], cells.Take(2));
        Assert.Empty(B.ConsoleProblems());
    }

    [Fact]
    public async Task AtPhoneWidth_ThePageFits_ListsRuns_AndGeneratesARunsReport()
    {
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(File.ReadAllBytes(f.WriteLeads(40, seed: 9, firstSite: 41_000))) { Headers = { ContentType = new MediaTypeHeaderValue("text/csv") } }, "file", "run.csv" },
        };
        using var started = await f.Client.PostAsync("/api/runs", form);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var runId = JsonDocument.Parse(await started.Content.ReadAsStringAsync()).RootElement.GetProperty("run_id").GetInt64();
        // The machine may be shared and busy: a generous deadline, checked, rather than a fixed count of polls.
        var deadline = DateTime.UtcNow.AddMinutes(4);
        string? runState;
        while ((runState = JsonDocument.Parse(await f.Client.GetStringAsync($"/api/runs/{runId}")).RootElement.GetProperty("state").GetString()) == "running"
               && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        Assert.Equal("finished", runState);

        B.Driver.Manage().Window.Size = new System.Drawing.Size(390, 844);
        try
        {
            OpenSignedIn();
            B.ConsoleProblems();
            var link = B.WaitFor(d => d.FindElements(By.CssSelector($"button[data-report='{runId}']")).FirstOrDefault(), "the run's report link")!;
            B.Screenshot("phone-width");
            B.Driver.ExecuteScript("document.getElementById('runs-card').scrollIntoView()");
            B.Screenshot("phone-width-runs");
            var overflow = Convert.ToInt64(B.Driver.ExecuteScript("return document.documentElement.scrollWidth - document.documentElement.clientWidth"));
            var wide = B.Driver.ExecuteScript("""
                const width = document.documentElement.clientWidth;
                return [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > width + 1)
                  .slice(0, 8).map(e => `${e.tagName}#${e.id}.${e.className} ${e.textContent.slice(0, 40)}`).join(' | ');
                """);
            Assert.True(overflow <= 0, $"the page is {overflow} px wider than a phone screen: {wide}");

            link.Click();
            var pdf = File.ReadAllBytes(B.WaitForDownload($"report-run-{runId}.pdf", 60));
            Assert.Equal("%PDF"u8.ToArray(), pdf[..4]);
            B.WaitFor(_ => B.Find("report-message").Text.StartsWith("Downloaded", StringComparison.Ordinal), "the report message");
            Assert.Empty(B.ConsoleProblems());
        }
        finally
        {
            B.Driver.Manage().Window.Size = new System.Drawing.Size(1280, 900);
        }
    }

    /// <summary>Records in CSV text: line ends outside quotes (messages span lines).</summary>
    private static int CsvRecords(string csv)
    {
        var (records, quoted) = (0, false);
        foreach (var c in csv)
        {
            quoted ^= c == '"';
            records += !quoted && c == '\n' ? 1 : 0;
        }

        return records;
    }

    [Fact]
    public async Task WithAKeyConfigured_ThePageIsPublic_ButItsDataIsNot()
    {
        using var anonymous = new HttpClient { BaseAddress = new Uri(f.BaseUrl) };
        var page = await anonymous.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("default-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Contains("<script src=\"/app.js\"", await page.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/app.js")).StatusCode);
        Assert.Equal("text/css; charset=utf-8", (await anonymous.GetAsync("/app.css")).Content.Headers.ContentType?.ToString());

        var session = JsonDocument.Parse(await anonymous.GetStringAsync("/api/session")).RootElement;
        Assert.False(session.GetProperty("open").GetBoolean());
        Assert.False(session.GetProperty("authenticated").GetBoolean());
        var signedIn = JsonDocument.Parse(await f.Client.GetStringAsync("/api/session")).RootElement;
        Assert.True(signedIn.GetProperty("authenticated").GetBoolean());

        foreach (var path in new[] { "/api/host", "/api/uploads", "/api/uploads/1/progress", "/api/uploads/1/leads", "/api/leads/1" })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(path)).StatusCode);
        }
    }
}
