using System.Text.Json;

namespace Appliance.Generate;

/// <summary>
/// A batch object as the provider reports it (<c>GET /v1/batches/{id}</c>): its status, files and counts, and
/// for a failed batch its first error (e.g. <c>token_limit_exceeded</c>).
/// </summary>
public sealed record LlmBatchStatus(string Id, string Status, string? InputFileId, string? OutputFileId, string? ErrorFileId,
    int Total, int Completed, int Failed, string? ErrorCode, string? ErrorMessage, long CreatedAt)
{
    public static readonly string[] Unfinished = ["validating", "in_progress", "finalizing", "cancelling"];

    public bool IsUnfinished => Unfinished.Contains(Status);

    public static LlmBatchStatus Parse(JsonElement b)
    {
        string? S(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        int N(JsonElement e, string name) => e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.TryGetInt32(out var n) ? n : 0;
        var counts = b.TryGetProperty("request_counts", out var c) ? c : default;
        string? code = null, message = null;
        if (b.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object
            && errors.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Array && data.GetArrayLength() > 0)
        {
            code = S(data[0], "code");
            message = S(data[0], "message");
        }

        return new LlmBatchStatus(S(b, "id") ?? throw new JsonException("a batch without an id"), S(b, "status") ?? throw new JsonException("a batch without a status"),
            S(b, "input_file_id"), S(b, "output_file_id"), S(b, "error_file_id"), N(counts, "total"), N(counts, "completed"), N(counts, "failed"),
            code, message, b.TryGetProperty("created_at", out var at) && at.TryGetInt64(out var t) ? t : 0);
    }
}
