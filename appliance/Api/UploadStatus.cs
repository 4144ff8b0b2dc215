using System.Text.Json.Serialization;

namespace Appliance.Api;

/// <summary>An upload as <c>GET /api/uploads/{id}</c> shows it.</summary>
public sealed record UploadStatus(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("file_name")] string FileName,
    [property: JsonPropertyName("size_bytes")] long SizeBytes,
    [property: JsonPropertyName("format")] string? Format,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("rows_accepted")] int RowsAccepted,
    [property: JsonPropertyName("rows_rejected")] int RowsRejected,
    [property: JsonPropertyName("error")] string? Error,
    [property: JsonPropertyName("created_at")] DateTime CreatedAt,
    [property: JsonPropertyName("started_at")] DateTime? StartedAt,
    [property: JsonPropertyName("finished_at")] DateTime? FinishedAt)
{
    [JsonPropertyName("scrape")]
    public ScrapeProgress? Scrape { get; init; }
}

/// <summary>The scrape stage's progress for one upload: rows by state, failures by reason.</summary>
public sealed record ScrapeProgress(
    [property: JsonPropertyName("pending")] long Pending,
    [property: JsonPropertyName("fetching")] long Fetching,
    [property: JsonPropertyName("done")] long Done,
    [property: JsonPropertyName("failed")] long Failed,
    [property: JsonPropertyName("failures_by_reason")] IReadOnlyDictionary<string, long> FailuresByReason)
{
    /// <summary>From counts grouped by status and reason, and possibly by more (a reason may come in several groups).</summary>
    public static ScrapeProgress From(IEnumerable<(string Status, string? Reason, long Count)> counts)
    {
        var list = counts.ToList();
        long Sum(string status) => list.Where(c => c.Status == status).Sum(c => c.Count);
        return new ScrapeProgress(Sum("pending"), Sum("fetching"), Sum("done"), Sum("failed"),
            list.Where(c => c.Status == "failed" && c.Reason is not null).GroupBy(c => c.Reason!).ToDictionary(g => g.Key, g => g.Sum(c => c.Count)));
    }
}

/// <summary>One rejected row as <c>GET /api/uploads/{id}/rejects</c> lists it.</summary>
public sealed record UploadReject(
    [property: JsonPropertyName("row_number")] int RowNumber,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("detail")] string Detail,
    [property: JsonPropertyName("excerpt")] string Excerpt);
