using System.Buffers;
using System.Text.Json;

namespace Appliance.Lab;

/// <summary>One completion as the lab LLM answers it: what both the plain and the streamed answer are made of.</summary>
internal sealed record LabLlmReply(string Id, long Created, string Model, string[] Tokens, string FinishReason, int PromptTokens)
{
    public int CompletionTokens => Tokens.Length;
}

/// <summary>
/// The OpenAI chat completions wire format (<c>chat.completion</c>, <c>chat.completion.chunk</c>,
/// the error object, the model list), written with <see cref="Utf8JsonWriter"/> straight into a
/// buffer: thousands of answers a second should cost little.
/// </summary>
internal static class LabLlmJson
{
    private static readonly JsonWriterOptions Options = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Completion(LabLlmReply reply) => Write(w =>
    {
        Header(w, reply, "chat.completion");
        w.WriteStartArray("choices");
        w.WriteStartObject();
        w.WriteNumber("index", 0);
        w.WriteStartObject("message");
        w.WriteString("role", "assistant");
        w.WriteString("content", string.Concat(reply.Tokens));
        w.WriteNull("refusal");
        w.WriteEndObject();
        w.WriteNull("logprobs");
        w.WriteString("finish_reason", reply.FinishReason);
        w.WriteEndObject();
        w.WriteEndArray();
        Usage(w, reply);
        w.WriteEndObject();
    });

    /// <summary>A chunk with a delta: the role on the first, one token each after, the finish reason on the last.</summary>
    public static void Chunk(IBufferWriter<byte> buffer, LabLlmReply reply, string? role, string? content, string? finishReason) => Write(buffer, w =>
    {
        Header(w, reply, "chat.completion.chunk");
        w.WriteStartArray("choices");
        w.WriteStartObject();
        w.WriteNumber("index", 0);
        w.WriteStartObject("delta");
        if (role is not null)
        {
            w.WriteString("role", role);
        }

        if (content is not null)
        {
            w.WriteString("content", content);
        }

        w.WriteEndObject();
        w.WriteNull("logprobs");
        w.WriteString("finish_reason", finishReason); // a null string is written as JSON null

        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    });

    /// <summary>The chunk <c>stream_options.include_usage</c> asks for: no choices, only usage.</summary>
    public static void UsageChunk(IBufferWriter<byte> buffer, LabLlmReply reply) => Write(buffer, w =>
    {
        Header(w, reply, "chat.completion.chunk");
        w.WriteStartArray("choices");
        w.WriteEndArray();
        Usage(w, reply);
        w.WriteEndObject();
    });

    public static byte[] Error(string message, string type, string? code) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteStartObject("error");
        w.WriteString("message", message);
        w.WriteString("type", type);
        w.WriteNull("param");
        w.WriteString("code", code); // a null string is written as JSON null

        w.WriteEndObject();
        w.WriteEndObject();
    });

    public static byte[] Models(long created) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("object", "list");
        w.WriteStartArray("data");
        w.WriteStartObject();
        w.WriteString("id", LabLlmOptions.Model);
        w.WriteString("object", "model");
        w.WriteNumber("created", created);
        w.WriteString("owned_by", "appliance-lab");
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    });

    private static void Header(Utf8JsonWriter w, LabLlmReply reply, string kind)
    {
        w.WriteStartObject();
        w.WriteString("id", reply.Id);
        w.WriteString("object", kind);
        w.WriteNumber("created", reply.Created);
        w.WriteString("model", reply.Model);
        w.WriteString("system_fingerprint", "fp_appliance_lab");
    }

    private static void Usage(Utf8JsonWriter w, LabLlmReply reply)
    {
        w.WriteStartObject("usage");
        w.WriteNumber("prompt_tokens", reply.PromptTokens);
        w.WriteNumber("completion_tokens", reply.CompletionTokens);
        w.WriteNumber("total_tokens", reply.PromptTokens + reply.CompletionTokens);
        w.WriteEndObject();
    }

    private static byte[] Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        Write(buffer, write);
        return buffer.WrittenSpan.ToArray();
    }

    private static void Write(IBufferWriter<byte> buffer, Action<Utf8JsonWriter> write)
    {
        using var writer = new Utf8JsonWriter(buffer, Options);
        write(writer);
    }
}
