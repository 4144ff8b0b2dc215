using System.Globalization;
using System.Text.Json;

namespace Appliance.Generate;

/// <summary>One line of a batch's output or error file: a message, or why there is none and whether trying again may help.</summary>
public sealed record LlmBatchResult(long WebsiteId, GeneratedMessage? Message, string? ErrorCode, string? Error, bool Retryable);

/// <summary>
/// Reads the output and error files (JSONL, one <c>{"custom_id","response":{"status_code","body"},"error"}</c> a
/// line). A 200 with a usable completion is a message; <c>batch_expired</c>, 5xx and 429 may succeed another time;
/// any other error, or an empty or unreadable completion, will not. A line that cannot be read is skipped: its
/// lead then has no result and is submitted again.
/// </summary>
public static class LlmBatchResults
{
    public const string Generator = "llm-batch";

    public static IEnumerable<LlmBatchResult> Parse(ReadOnlyMemory<byte> jsonl, string fallbackModel, int latencyMs)
    {
        var rest = jsonl;
        while (rest.Length > 0)
        {
            var end = rest.Span.IndexOf((byte)'\n');
            var line = end < 0 ? rest : rest[..end];
            rest = end < 0 ? ReadOnlyMemory<byte>.Empty : rest[(end + 1)..];
            if (line.Length > 0 && TryParse(line, fallbackModel, latencyMs) is { } result)
            {
                yield return result;
            }
        }
    }

    private static LlmBatchResult? TryParse(ReadOnlyMemory<byte> line, string fallbackModel, int latencyMs)
    {
        try
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            if (!root.TryGetProperty("custom_id", out var cid) || !long.TryParse(cid.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var id))
            {
                return null;
            }

            if (root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
            {
                var code = Text(error, "code") ?? "batch_error";
                return new LlmBatchResult(id, null, code, Text(error, "message") ?? code, code is "batch_expired" or "rate_limit_exceeded" or "server_error");
            }

            if (!root.TryGetProperty("response", out var response) || response.ValueKind != JsonValueKind.Object)
            {
                return new LlmBatchResult(id, null, "bad_response", "a line with neither a response nor an error", true);
            }

            var status = response.TryGetProperty("status_code", out var s) && s.TryGetInt32(out var n) ? n : 0;
            var body = response.TryGetProperty("body", out var b) ? b : default;
            if (status != 200)
            {
                var message = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("error", out var e) ? Text(e, "message") : null;
                return new LlmBatchResult(id, null, status >= 500 ? "http_5xx" : status == 429 ? "rate_limited" : "http_4xx",
                    $"HTTP {status}: {message}", status is 429 or >= 500 or 0);
            }

            return Completion(id, body, fallbackModel, latencyMs);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    private static LlmBatchResult Completion(long id, JsonElement body, string fallbackModel, int latencyMs)
    {
        var text = body.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return new LlmBatchResult(id, null, "empty_completion", "the completion is empty", false);
        }

        var usage = body.TryGetProperty("usage", out var u) ? u : default;
        int Tokens(string name) => usage.ValueKind == JsonValueKind.Object && usage.TryGetProperty(name, out var t) && t.TryGetInt32(out var v) ? v : 0;
        var message = new GeneratedMessage(text, Generator, Text(body, "model") ?? fallbackModel, Tokens("prompt_tokens"), Tokens("completion_tokens"), latencyMs);
        return new LlmBatchResult(id, message, null, null, false);
    }

    private static string? Text(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
