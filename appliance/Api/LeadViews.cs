namespace Appliance.Api;

/// <summary>One lead in an upload's list on the page.</summary>
public sealed record LeadRow(
    long Id, int RowNumber, string Url, string? Company, string ScrapingStatus, string? FailureReason, string GenerationStatus);

/// <summary>
/// One lead with everything scraped for it and its message, as <c>GET /api/leads/{id}</c> shows it. A class with setters,
/// not a positional record, because Npgsql reports <c>text[]</c> columns as <c>System.Array</c>, which Dapper's
/// constructor matching does not accept.
/// </summary>
public sealed class LeadDetail
{
    public long Id { get; set; }
    public long UploadId { get; set; }
    public int RowNumber { get; set; }
    public string Url { get; set; } = "";
    public string? FinalUrl { get; set; }
    public string? Company { get; set; }
    public string? Contact { get; set; }
    public string? Email { get; set; }
    public string ScrapingStatus { get; set; } = "";
    public string? FailureReason { get; set; }
    public short? HttpStatus { get; set; }
    public string? Error { get; set; }
    public string? Title { get; set; }
    public string? Description { get; set; }
    public string? Language { get; set; }
    public string[]? Headings { get; set; }
    public string[]? Emails { get; set; }
    public string[]? Phones { get; set; }
    public string[]? SocialLinks { get; set; }
    public string? AboutUrl { get; set; }
    public string? ContactUrl { get; set; }
    public string? TextExcerpt { get; set; }
    public string GenerationStatus { get; set; } = "";
    public string? GenerationError { get; set; }
    public string? Message { get; set; }
    public string? Generator { get; set; }
    public string? Model { get; set; }
    public bool? FromSite { get; set; }
}
