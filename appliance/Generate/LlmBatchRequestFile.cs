using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace Appliance.Generate;

/// <summary>One prompt to batch: its lead's website id (the line's <c>custom_id</c>) and its text.</summary>
public readonly record struct LlmBatchRequest(long WebsiteId, string Prompt)
{
    public int PromptTokens => LlmPacer.EstimateTokens(Prompt);
}

/// <summary>
/// A batch input file: one <c>/v1/chat/completions</c> request a JSONL line, <c>custom_id</c> = the website id, cut
/// so it stays under the per-batch request count, byte size and a token budget (the room left under the
/// enqueued-token limit). <see cref="Take"/> consumes requests from the front of a queue until one would not fit.
/// </summary>
public sealed class LlmBatchRequestFile
{
    private static readonly JsonWriterOptions Writer = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private LlmBatchRequestFile(byte[] content, IReadOnlyList<long> websiteIds, long promptTokens)
    {
        Content = content;
        WebsiteIds = websiteIds;
        PromptTokens = promptTokens;
    }

    public byte[] Content { get; }

    public IReadOnlyList<long> WebsiteIds { get; }

    /// <summary>Estimated prompt tokens: what the file adds to the enqueued tokens.</summary>
    public long PromptTokens { get; }

    /// <summary>
    /// The next file from the front of <paramref name="queue"/>, or null when not even its first request fits
    /// <paramref name="tokenBudget"/> (wait for queued batches to finish) or the queue is empty.
    /// </summary>
    public static LlmBatchRequestFile? Take(Queue<LlmBatchRequest> queue, LlmOptions llm, int maxRequests, long maxBytes, long tokenBudget)
    {
        var buffer = new ArrayBufferWriter<byte>(1 << 20);
        var ids = new List<long>();
        long tokens = 0;
        while (queue.TryPeek(out var next) && ids.Count < maxRequests && tokens + next.PromptTokens <= tokenBudget)
        {
            var line = Line(next, llm);
            if (buffer.WrittenCount + line.Length > maxBytes)
            {
                if (ids.Count == 0)
                {
                    throw new InvalidOperationException($"One request is {line.Length} bytes, over the {maxBytes} byte file limit.");
                }

                break;
            }

            buffer.Write(line);
            ids.Add(next.WebsiteId);
            tokens += next.PromptTokens;
            queue.Dequeue();
        }

        return ids.Count == 0 ? null : new LlmBatchRequestFile(buffer.WrittenSpan.ToArray(), ids, tokens);
    }

    /// <summary>One request line, newline included.</summary>
    public static byte[] Line(LlmBatchRequest request, LlmOptions llm)
    {
        var buffer = new ArrayBufferWriter<byte>(request.Prompt.Length + 256);
        using (var w = new Utf8JsonWriter(buffer, Writer))
        {
            w.WriteStartObject();
            w.WriteString("custom_id", request.WebsiteId.ToString(CultureInfo.InvariantCulture));
            w.WriteString("method", "POST");
            w.WriteString("url", "/v1/chat/completions");
            w.WriteStartObject("body");
            w.WriteString("model", llm.Model);
            w.WriteStartArray("messages");
            w.WriteStartObject();
            w.WriteString("role", "user");
            w.WriteString("content", request.Prompt);
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteNumber("max_tokens", llm.MaxOutputTokens);
            w.WriteNumber("temperature", llm.Temperature);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        buffer.Write("\n"u8);
        return buffer.WrittenSpan.ToArray();
    }
}
