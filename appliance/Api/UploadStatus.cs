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
    [property: JsonPropertyName("finished_at")] DateTime? FinishedAt);

/// <summary>One rejected row as <c>GET /api/uploads/{id}/rejects</c> lists it.</summary>
public sealed record UploadReject(
    [property: JsonPropertyName("row_number")] int RowNumber,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("detail")] string Detail,
    [property: JsonPropertyName("excerpt")] string Excerpt);
