using System.Buffers;
using System.Text;

namespace Appliance.Lab;

/// <summary>
/// A completion as server-sent events, one <c>chat.completion.chunk</c> per token, each sent once
/// its time has come. Tokens that are due together go out in one write, and the stream wakes at
/// most every <see cref="MinWake"/>: 512 streams at 50 tokens/s then cost a few thousand timer
/// callbacks a second, not 25,000.
/// </summary>
internal static class LabLlmStream
{
    private static readonly TimeSpan MinWake = TimeSpan.FromMilliseconds(50);

    /// <summary>Tokens due this soon are sent now: waits shorter than a timer's resolution only cost CPU.</summary>
    internal static readonly TimeSpan Slack = TimeSpan.FromMilliseconds(1);

    private static readonly byte[] Data = "data: "u8.ToArray();
    private static readonly byte[] End = "\n\n"u8.ToArray();
    private static readonly byte[] Done = "data: [DONE]\n\n"u8.ToArray();

    public static async Task WriteAsync(HttpContext context, LabLlmReply reply, LabLlmOptions options, bool includeUsage, long arrived, TimeProvider time, CancellationToken ct)
    {
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        await response.StartAsync(ct);
        var buffer = new ArrayBufferWriter<byte>(4096);
        var sent = 0;
        while (true)
        {
            var now = time.GetElapsedTime(arrived);
            var due = sent;
            while (due < reply.Tokens.Length && options.TokenDue(due) <= now + Slack)
            {
                due++;
            }

            for (; sent < due; sent++)
            {
                // Like OpenAI, the first chunk carries the role with empty content.
                if (sent == 0)
                {
                    Event(buffer, b => LabLlmJson.Chunk(b, reply, "assistant", "", null));
                }

                Event(buffer, b => LabLlmJson.Chunk(b, reply, null, reply.Tokens[sent], null));
            }

            if (sent == reply.Tokens.Length)
            {
                break;
            }

            await FlushAsync(response, buffer, ct);
            var wake = options.TokenDue(sent) > now + MinWake ? options.TokenDue(sent) : now + MinWake;
            await Task.Delay(wake - now, time, ct);
        }

        Event(buffer, b => LabLlmJson.Chunk(b, reply, null, null, reply.FinishReason));
        if (includeUsage)
        {
            Event(buffer, b => LabLlmJson.UsageChunk(b, reply));
        }

        buffer.Write(Done);
        await FlushAsync(response, buffer, ct);
    }

    /// <summary>A 200 stream whose first chunk breaks off mid-JSON, then ends without <c>[DONE]</c>.</summary>
    public static async Task WriteMalformedAsync(HttpContext context, LabLlmReply reply, CancellationToken ct)
    {
        var chunk = new ArrayBufferWriter<byte>();
        LabLlmJson.Chunk(chunk, reply, "assistant", string.Concat(reply.Tokens), null);
        context.Response.ContentType = "text/event-stream";
        var text = Encoding.UTF8.GetString(chunk.WrittenSpan[..(chunk.WrittenCount / 2)]);
        await context.Response.WriteAsync("data: " + text + "\n\n", ct);
    }

    private static void Event(ArrayBufferWriter<byte> buffer, Action<IBufferWriter<byte>> chunk)
    {
        buffer.Write(Data);
        chunk(buffer);
        buffer.Write(End);
    }

    private static async Task FlushAsync(HttpResponse response, ArrayBufferWriter<byte> buffer, CancellationToken ct)
    {
        await response.Body.WriteAsync(buffer.WrittenMemory, ct);
        await response.Body.FlushAsync(ct);
        buffer.ResetWrittenCount();
    }
}
