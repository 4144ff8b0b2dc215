using System.Net;
using System.Text.RegularExpressions;
using Appliance.Reports.Capacity;
using Appliance.Reports.Report;
using Appliance.Runs;
using UglyToad.PdfPig;
using UglyToad.PdfPig.DocumentLayoutAnalysis.WordExtractor;

namespace Appliance.Tests.Runs;

/// <summary>The capacity report of a real stored run, read back from the PDF: its figures are the run's stored numbers.</summary>
public sealed class RunReportTests(RunsFixture f) : IClassFixture<RunsFixture>
{
    [Fact]
    public async Task Report_OfAStoredRun_HasEverySection_AndTheRunsOwnFigures()
    {
        var summary = await f.Get<RunExecutor>().RunAsync(new RunRequest(f.WriteLeads(400, seed: 8, firstSite: 40_000), "lab:400", true, false), null, CancellationToken.None);
        var report = f.Get<RunReport>();
        var input = await report.BuildAsync(summary.RunId, null, CancellationToken.None);
        var model = await f.Get<CapacityInputs>().LoadAsync(summary.RunId, CancellationToken.None);
        var projection = CapacityProjector.Project(model.Projection, RunReport.ProjectedRows);

        using var pdf = new MemoryStream();
        await report.WriteAsync(summary.RunId, null, pdf, CancellationToken.None);
        var text = Text(pdf.ToArray());

        Assert.All(CapacityReport.SectionTitles(input), title => Assert.Contains(title, text));
        Assert.Contains($"Run {summary.RunId} processed {summary.Rows:N0} rows", text);
        Assert.Contains($"projected to take {ReportFormat.Duration(projection.SecondsExpected)}", text);
        // Each stage's one rate is the model's steady rate, with its interval around it.
        foreach (var (stage, rate) in new[] { ("scrape", model.Projection.Run.Scrape.Rate), ("generate", model.Projection.Run.Generate.Rate) })
        {
            var shown = input.Stages.Single(s => s.Name == stage);
            Assert.Equal(rate.PerSecond * 60, shown.RowsPerMinute!.Value, 6);
            Assert.InRange(shown.RowsPerMinute.Value, shown.RowsPerMinuteLow!.Value, shown.RowsPerMinuteHigh!.Value);
            Assert.Contains($"Rate, {stage} {ReportFormat.StageRate(shown)}", text);
        }
        // The host and the settings read back typed; PostgreSQL's version and the runtime in the stack table.
        Assert.Equal(Environment.ProcessorCount, input.Host.Cores);
        Assert.Contains(input.Run.Configuration, c => c.Key == "Scrape:Concurrency");
        Assert.StartsWith(".NET", input.Stack!.Runtime);
        Assert.NotNull(input.Disk);
        Assert.Contains("idx_websites_file_upload_id", text); // read from pg_indexes
        Assert.Equal(input.Samples.Count, await SampleCountAsync(summary.RunId));
        Assert.Equal(summary.Scrape.Outcomes["done"] + summary.Scrape.Outcomes["failed"], input.Stages.Single(s => s.Name == "scrape").Total);
        // The node that did the work, its host figures from its own samples, and the projection by nodes with its basis.
        var node = Assert.Single(input.Nodes);
        Assert.Equal(summary.Rows, node.Scraped);
        Assert.Contains($"One node, {node.Name}, did all the work.", text);
        Assert.All(input.Samples, s => Assert.Equal(node.Name, s.Node));
        Assert.NotNull(model.Database);
        Assert.Equal(1, input.NodeScaling!.ByNodes[0].Nodes);
        Assert.Equal(projection.SecondsExpected, input.NodeScaling.ByNodes[0].Seconds, 6);
        Assert.Contains("max_connections", string.Join(" ", input.NodeScaling.Basis));
        Assert.Contains("by nodes", text);
    }

    [Fact]
    public async Task ReportEndpoint_ServesThePdf_AndRefusesAnUnknownRun()
    {
        var summary = await f.Get<RunExecutor>().RunAsync(new RunRequest(f.WriteLeads(80, seed: 9, firstSite: 45_000), "lab:80", true, false), null, CancellationToken.None);

        using var response = await f.Client.GetAsync($"/api/runs/{summary.RunId}/report.pdf");
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"Run {summary.RunId} processed", Text(bytes));
        Assert.Equal(HttpStatusCode.NotFound, (await f.Client.GetAsync("/api/runs/987654/report.pdf")).StatusCode);
    }

    [Fact]
    public async Task ReportCommand_WithOutDir_WritesTheNewestRunsReport_AndKeepsOnlyTheNewestN()
    {
        var summary = await f.Get<RunExecutor>().RunAsync(new RunRequest(f.WriteLeads(60, seed: 10, firstSite: 47_000), "lab:60", true, false), null, CancellationToken.None);
        using var dir = new Support.TempDirectory();
        var stale = Path.Combine(dir.Path, "report-run-0.pdf");
        await File.WriteAllTextAsync(stale, "an older report");
        File.SetLastWriteTimeUtc(stale, DateTime.UtcNow.AddDays(-2));

        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "appliance.dll"), "report", "--out-dir", dir.Path, "--keep", "1" })
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["APPLIANCE_ConnectionStrings__Postgres"] = f.Db.ConnectionString;
        using var process = System.Diagnostics.Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.True(process.ExitCode == 0, await stderr);
        var written = Path.Combine(dir.Path, $"report-run-{summary.RunId}.pdf");
        Assert.Equal([written], Directory.GetFiles(dir.Path));
        Assert.Contains($"Run {summary.RunId} processed", Text(await File.ReadAllBytesAsync(written)));
    }

    private async Task<long> SampleCountAsync(long runId)
    {
        await using var conn = await f.Db.DataSource.OpenConnectionAsync();
        await using var cmd = new Npgsql.NpgsqlCommand("SELECT count(*) FROM metric_samples WHERE run_id = $1", conn);
        cmd.Parameters.Add(new Npgsql.NpgsqlParameter { Value = runId });
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    /// <summary>The PDF's text as a reader would search it (PdfPig, words joined by single spaces).</summary>
    internal static string Text(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return string.Join("\n", document.GetPages().Select(p =>
            Regex.Replace(string.Join(" ", p.GetWords(NearestNeighbourWordExtractor.Instance).Select(w => w.Text)), @"\s+", " ")));
    }
}
