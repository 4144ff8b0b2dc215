using System.Text.Json;
using Appliance.Api;

namespace Appliance.Tests.Api;

/// <summary>The API's views take their snake_case keys from <see cref="ApiSetup.Json"/>: these are the keys the page and scripts read.</summary>
public class ApiJsonTests
{
    private static readonly ScrapeProgress Scrape = new(1, 2, 3, 4, new Dictionary<string, long> { ["timeout"] = 4 });
    private static readonly UploadStatus Upload = new(1, "leads.csv", 10, "csv", "ingested", 2, 0, null, DateTime.UnixEpoch, null, null);

    public static TheoryData<object, string[]> Views => new()
    {
        { new LeadRow(1, 2, "https://a.test/", null, "done", null, "pending"),
            ["id", "row_number", "url", "company", "scraping_status", "failure_reason", "generation_status"] },
        { new LeadDetail(),
            ["id", "upload_id", "row_number", "url", "final_url", "company", "contact", "email", "scraping_status", "failure_reason", "http_status",
             "error", "title", "description", "language", "headings", "emails", "phones", "social_links", "about_url", "contact_url",
             "text_excerpt", "generation_status", "generation_error", "message", "generator", "model", "from_site"] },
        { Upload with { Scrape = Scrape },
            ["id", "file_name", "size_bytes", "format", "state", "rows_accepted", "rows_rejected", "error", "created_at", "started_at", "finished_at", "scrape"] },
        { Scrape, ["pending", "fetching", "done", "failed", "failures_by_reason"] },
        { new UploadReject(3, "missing_url", "no url", "a,b"), ["row_number", "reason", "detail", "excerpt"] },
        { new GenerateProgress(1, 2, 3, 4, 5), ["pending", "generating", "done", "failed", "held"] },
        { new UploadProgress(1, "leads.csv", "ingested", 2, 0, null, Scrape, new GenerateProgress(0, 0, 0, 0), 1, 2, 3, false) { ModelEta = new ModelEtaResult(7, 1, 0.5, 2) },
            ["id", "file_name", "state", "rows_accepted", "rows_rejected", "error", "scrape", "generate", "scrape_per_minute", "generate_per_minute",
             "eta_seconds", "complete", "eta_basis", "model_eta"] },
        { new ModelEtaResult(7, 1, 0.5, 2), ["run_id", "seconds", "low_seconds", "high_seconds"] },
        { new HostPanelView(DateTimeOffset.UnixEpoch, 2, null, null, null, null, [], null, [], []),
            ["taken_at", "cpus", "load1_per_core", "load5_per_core", "memory_total_bytes", "memory_available_bytes", "filesystems", "interval_seconds", "disks", "network"] },
        { new FilesystemView("/", 1, 2), ["mountpoint", "size_bytes", "avail_bytes"] },
        { new RateView("sda", 1, 2), ["device", "in_bytes_per_s", "out_bytes_per_s"] },
    };

    [Theory]
    [MemberData(nameof(Views))]
    public void EachView_IsWrittenWithItsSnakeCaseKeys(object view, string[] keys)
    {
        var json = JsonDocument.Parse(JsonSerializer.Serialize(view, view.GetType(), ApiSetup.Json)).RootElement;
        Assert.Equal(keys, json.EnumerateObject().Select(p => p.Name));
    }
}
