using System.Text.Json.Serialization;

namespace Appliance.Scrape;

/// <summary>
/// What <c>appliance scrape --json</c> prints. <c>rows_per_minute</c> counts leads (rows), cache hits included;
/// <c>fetches_per_minute</c> counts distinct pages fetched from the web (cache misses). <c>sites_per_minute</c> is
/// the old name of the row rate, kept for scripts that read it.
/// </summary>
public sealed record ScrapeSummary(
    [property: JsonPropertyName("upload_id")] long UploadId,
    [property: JsonPropertyName("done")] int Done,
    [property: JsonPropertyName("failed")] int Failed,
    [property: JsonPropertyName("seconds")] double Seconds,
    [property: JsonPropertyName("sites_per_minute")] double SitesPerMinute,
    [property: JsonPropertyName("failures_by_reason")] IReadOnlyDictionary<string, int> FailuresByReason)
{
    [JsonPropertyName("rows_per_minute")]
    public double RowsPerMinute => SitesPerMinute;

    /// <summary>Distinct URLs fetched (robots.txt not counted): what the web actually served.</summary>
    [JsonPropertyName("fetches")]
    public long Fetches { get; init; }

    [JsonPropertyName("fetches_per_minute")]
    public double FetchesPerMinute => Seconds > 0 ? Math.Round(Fetches / Seconds * 60) : 0;

    /// <summary>Queries the resolver sent (cache hits and /etc/hosts not counted).</summary>
    [JsonPropertyName("dns_lookups")]
    public long DnsLookups { get; init; }

    /// <summary>The steady rate, the slots held and the time a fetch holds one, fill and drain (the <c>scrape</c> verb only).</summary>
    [JsonPropertyName("pace")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ScrapePace.Figures? Pace { get; init; }
}
