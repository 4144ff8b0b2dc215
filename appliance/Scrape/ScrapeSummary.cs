using System.Text.Json.Serialization;

namespace Appliance.Scrape;

/// <summary>What <c>appliance scrape --json</c> prints.</summary>
public sealed record ScrapeSummary(
    [property: JsonPropertyName("upload_id")] long UploadId,
    [property: JsonPropertyName("done")] int Done,
    [property: JsonPropertyName("failed")] int Failed,
    [property: JsonPropertyName("seconds")] double Seconds,
    [property: JsonPropertyName("sites_per_minute")] double SitesPerMinute,
    [property: JsonPropertyName("failures_by_reason")] IReadOnlyDictionary<string, int> FailuresByReason);
