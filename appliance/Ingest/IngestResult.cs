using System.Text.Json.Serialization;

namespace Appliance.Ingest;

/// <summary>What became of one upload; <c>appliance ingest --json</c> prints it.</summary>
public sealed record IngestResult(
    [property: JsonPropertyName("upload_id")] long UploadId,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("format")] string? Format,
    [property: JsonPropertyName("accepted")] int Accepted,
    [property: JsonPropertyName("rejected")] int Rejected,
    [property: JsonPropertyName("seconds")] double Seconds,
    [property: JsonPropertyName("rows_per_second")] double RowsPerSecond,
    [property: JsonPropertyName("error")] string? Error,
    [property: JsonPropertyName("rejects_by_reason")] IReadOnlyDictionary<string, int> RejectsByReason);
