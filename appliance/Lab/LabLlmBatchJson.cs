using System.Buffers;
using System.Text.Json;

namespace Appliance.Lab;

/// <summary>
/// The batch API's wire format as OpenAI documents it: the file object, the batch object (with
/// <c>request_counts</c> and the status timestamps), a list page, and the output and error files' JSONL lines
/// (<c>{"id","custom_id","response":{"status_code","request_id","body"},"error"}</c>).
/// </summary>
internal static class LabLlmBatchJson
{
    private static readonly JsonWriterOptions Options = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] File(LabLlmFile file) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("id", file.Id);
        w.WriteString("object", "file");
        w.WriteNumber("bytes", file.Content.Length);
        w.WriteNumber("created_at", file.CreatedAt);
        w.WriteString("filename", file.FileName);
        w.WriteString("purpose", file.Purpose);
        w.WriteString("status", "processed");
        w.WriteEndObject();
    });

    public static byte[] Batch(LabLlmBatch batch) => Write(w => WriteBatch(w, batch));

    public static byte[] List(IReadOnlyList<LabLlmBatch> page, bool hasMore) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("object", "list");
        w.WriteStartArray("data");
        foreach (var batch in page)
        {
            WriteBatch(w, batch);
        }

        w.WriteEndArray();
        w.WriteString("first_id", page.Count == 0 ? null : page[0].Id);
        w.WriteString("last_id", page.Count == 0 ? null : page[^1].Id);
        w.WriteBoolean("has_more", hasMore);
        w.WriteEndObject();
    });

    private static void WriteBatch(Utf8JsonWriter w, LabLlmBatch b)
    {
        w.WriteStartObject();
        w.WriteString("id", b.Id);
        w.WriteString("object", "batch");
        w.WriteString("endpoint", b.Endpoint);
        if (b.Refusal is { } r && b.Status == "failed")
        {
            w.WriteStartObject("errors");
            w.WriteString("object", "list");
            w.WriteStartArray("data");
            w.WriteStartObject();
            w.WriteString("code", r.Code);
            w.WriteString("message", r.Message);
            w.WriteNull("param");
            if (r.Line is { } line)
            {
                w.WriteNumber("line", line);
            }
            else
            {
                w.WriteNull("line");
            }

            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("errors");
        }

        w.WriteString("input_file_id", b.InputFileId);
        w.WriteString("completion_window", b.CompletionWindow);
        w.WriteString("status", b.Status);
        w.WriteString("output_file_id", b.OutputFileId);
        w.WriteString("error_file_id", b.ErrorFileId);
        w.WriteNumber("created_at", b.CreatedAt.ToUnixTimeSeconds());
        Time(w, "in_progress_at", b.InProgressAt);
        w.WriteNumber("expires_at", b.ExpiresAt.ToUnixTimeSeconds());
        Time(w, "finalizing_at", b.FinalizingAt);
        Time(w, "completed_at", b.CompletedAt);
        Time(w, "failed_at", b.FailedAt);
        Time(w, "expired_at", b.ExpiredAt);
        Time(w, "cancelling_at", b.CancellingAt);
        Time(w, "cancelled_at", b.CancelledAt);
        w.WriteStartObject("request_counts");
        w.WriteNumber("total", b.Refusal is null ? b.Items.Count : 0);
        w.WriteNumber("completed", b.Completed);
        w.WriteNumber("failed", b.Failed);
        w.WriteEndObject();
        w.WriteStartObject("metadata");
        foreach (var (key, value) in b.Metadata)
        {
            w.WriteString(key, value);
        }

        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void Time(Utf8JsonWriter w, string name, DateTimeOffset? at)
    {
        if (at is { } t)
        {
            w.WriteNumber(name, t.ToUnixTimeSeconds());
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static byte[] Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            write(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>A JSONL file being written: one object a line.</summary>
    public sealed class Lines
    {
        private readonly ArrayBufferWriter<byte> buffer = new(1 << 16);

        public int Count { get; private set; }

        public byte[] ToArray() => buffer.WrittenSpan.ToArray();

        public void Completion(string requestId, string customId, LabLlmReply reply) => Response(requestId, customId, 200, LabLlmJson.Completion(reply));

        public void ServerError(string requestId, string customId) => Response(requestId, customId, 500,
            LabLlmJson.Error("The server had an error while processing your request.", "server_error", null));

        /// <summary>A request the batch never ran: <c>batch_expired</c> (its window ended) or <c>batch_cancelled</c>.</summary>
        public void Expired(string requestId, string customId, string code) => Line(requestId, customId, w =>
        {
            w.WriteNull("response");
            w.WriteStartObject("error");
            w.WriteString("code", code);
            w.WriteString("message", code == "batch_expired"
                ? "This request could not be executed before the completion window expired."
                : "This request was not executed because the batch was cancelled.");
            w.WriteEndObject();
        });

        private void Response(string requestId, string customId, int status, byte[] body) => Line(requestId, customId, w =>
        {
            w.WriteStartObject("response");
            w.WriteNumber("status_code", status);
            w.WriteString("request_id", "req_" + requestId);
            w.WritePropertyName("body");
            w.WriteRawValue(body, skipInputValidation: true);
            w.WriteEndObject();
            w.WriteNull("error");
        });

        private void Line(string requestId, string customId, Action<Utf8JsonWriter> rest)
        {
            using (var w = new Utf8JsonWriter(buffer, Options))
            {
                w.WriteStartObject();
                w.WriteString("id", requestId);
                w.WriteString("custom_id", customId);
                rest(w);
                w.WriteEndObject();
            }

            buffer.Write("\n"u8);
            Count++;
        }
    }
}
