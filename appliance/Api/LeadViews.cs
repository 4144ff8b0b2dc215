using System.Text.Json.Serialization;

namespace Appliance.Api;

/// <summary>One lead in an upload's list on the page.</summary>
public sealed record LeadRow(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("row_number")] int RowNumber,
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("company")] string? Company,
    [property: JsonPropertyName("scraping_status")] string ScrapingStatus,
    [property: JsonPropertyName("failure_reason")] string? FailureReason,
    [property: JsonPropertyName("generation_status")] string GenerationStatus);

/// <summary>
/// One lead with everything scraped for it and its message, as <c>GET /api/leads/{id}</c> shows it. A class with setters,
/// not a positional record, because Npgsql reports <c>text[]</c> columns as <c>System.Array</c>, which Dapper's
/// constructor matching does not accept.
/// </summary>
public sealed class LeadDetail
{
    [JsonPropertyName("id")]
    public long Id { get; set; }

    [JsonPropertyName("upload_id")]
    public long UploadId { get; set; }

    [JsonPropertyName("row_number")]
    public int RowNumber { get; set; }

    [JsonPropertyName("url")]
    public string Url { get; set; } = "";

    [JsonPropertyName("final_url")]
    public string? FinalUrl { get; set; }

    [JsonPropertyName("company")]
    public string? Company { get; set; }

    [JsonPropertyName("contact")]
    public string? Contact { get; set; }

    [JsonPropertyName("email")]
    public string? Email { get; set; }

    [JsonPropertyName("scraping_status")]
    public string ScrapingStatus { get; set; } = "";

    [JsonPropertyName("failure_reason")]
    public string? FailureReason { get; set; }

    [JsonPropertyName("http_status")]
    public short? HttpStatus { get; set; }

    [JsonPropertyName("error")]
    public string? Error { get; set; }

    [JsonPropertyName("title")]
    public string? Title { get; set; }

    [JsonPropertyName("description")]
    public string? Description { get; set; }

    [JsonPropertyName("language")]
    public string? Language { get; set; }

    [JsonPropertyName("headings")]
    public string[]? Headings { get; set; }

    [JsonPropertyName("emails")]
    public string[]? Emails { get; set; }

    [JsonPropertyName("phones")]
    public string[]? Phones { get; set; }

    [JsonPropertyName("social_links")]
    public string[]? SocialLinks { get; set; }

    [JsonPropertyName("about_url")]
    public string? AboutUrl { get; set; }

    [JsonPropertyName("contact_url")]
    public string? ContactUrl { get; set; }

    [JsonPropertyName("text_excerpt")]
    public string? TextExcerpt { get; set; }

    [JsonPropertyName("generation_status")]
    public string GenerationStatus { get; set; } = "";

    [JsonPropertyName("generation_error")]
    public string? GenerationError { get; set; }

    [JsonPropertyName("message")]
    public string? Message { get; set; }

    [JsonPropertyName("generator")]
    public string? Generator { get; set; }

    [JsonPropertyName("model")]
    public string? Model { get; set; }

    [JsonPropertyName("from_site")]
    public bool? FromSite { get; set; }
}
