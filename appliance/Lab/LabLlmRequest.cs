using System.Text;
using System.Text.Json;

namespace Appliance.Lab;

/// <summary>
/// The parts of a chat completion request the lab LLM uses. Message contents are either a string
/// or an array of parts (<c>{"type":"text","text":…}</c>); only their text counts.
/// </summary>
internal sealed record LabLlmRequest(string Model, string Prompt, int? MaxTokens, bool Stream, bool IncludeUsage)
{
    /// <summary>What the rate limiter charges for the output when the request sets no maximum.</summary>
    public const int DefaultChargedOutputTokens = 120;

    /// <summary>Four characters a token, the estimate the appliance's client uses too.</summary>
    public int PromptTokens => (Prompt.Length + 3) / 4;

    public int ChargedTokens => PromptTokens + (MaxTokens ?? DefaultChargedOutputTokens);

    /// <summary>False, with a message for a 400, when the body is not a usable request.</summary>
    public static bool TryParse(JsonElement root, out LabLlmRequest request, out string error)
    {
        request = null!;
        error = "";
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array || messages.GetArrayLength() == 0)
        {
            error = "'messages' must be a non-empty array.";
            return false;
        }

        var prompt = new StringBuilder();
        foreach (var message in messages.EnumerateArray())
        {
            if (message.ValueKind == JsonValueKind.Object && message.TryGetProperty("content", out var content))
            {
                AppendText(prompt, content);
            }
        }

        var max = Int(root, "max_tokens") ?? Int(root, "max_completion_tokens");
        if (max is < 1)
        {
            error = "'max_tokens' must be at least 1.";
            return false;
        }

        var model = root.TryGetProperty("model", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : LabLlmOptions.Model;
        var stream = root.TryGetProperty("stream", out var s) && s.ValueKind == JsonValueKind.True;
        var usage = root.TryGetProperty("stream_options", out var so) && so.ValueKind == JsonValueKind.Object
            && so.TryGetProperty("include_usage", out var u) && u.ValueKind == JsonValueKind.True;
        request = new LabLlmRequest(model, prompt.ToString(), max, stream, usage);
        return true;
    }

    private static void AppendText(StringBuilder prompt, JsonElement content)
    {
        if (content.ValueKind == JsonValueKind.String)
        {
            prompt.Append(content.GetString());
        }
        else if (content.ValueKind == JsonValueKind.Array)
        {
            foreach (var part in content.EnumerateArray())
            {
                if (part.ValueKind == JsonValueKind.Object && part.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String)
                {
                    prompt.Append(text.GetString());
                }
            }
        }
    }

    private static int? Int(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) ? n : null;
}
