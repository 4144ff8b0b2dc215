using System.Globalization;
using System.Text.RegularExpressions;

namespace Appliance.Generate;

/// <summary>
/// What one answer's <c>x-ratelimit-*</c> headers said: the account's limits per minute, what is left of them and
/// when each window is full again. A header that is missing or unreadable is null.
/// </summary>
public sealed record RateLimitObservation(int? LimitRequests, int? LimitTokens, long? RemainingRequests, long? RemainingTokens,
    TimeSpan? ResetRequests, TimeSpan? ResetTokens)
{
    public bool HasLimits => LimitRequests is > 0 || LimitTokens is > 0;
}

/// <summary>OpenAI's <c>x-ratelimit-*</c> headers: durations written like <c>1s</c>, <c>6m0s</c>, <c>250ms</c>.</summary>
public static partial class RateLimitHeaders
{
    /// <summary>The six headers, read through <paramref name="header"/>; null when the answer carried none of them (vLLM, Ollama, the lab without limits).</summary>
    public static RateLimitObservation? Read(Func<string, string?> header)
    {
        var observation = new RateLimitObservation(
            Int(header("x-ratelimit-limit-requests")), Int(header("x-ratelimit-limit-tokens")),
            Long(header("x-ratelimit-remaining-requests")), Long(header("x-ratelimit-remaining-tokens")),
            ParseDuration(header("x-ratelimit-reset-requests")), ParseDuration(header("x-ratelimit-reset-tokens")));
        return observation == new RateLimitObservation(null, null, null, null, null, null) ? null : observation;
    }

    private static int? Int(string? text) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 0 ? n : null;

    private static long? Long(string? text) =>
        long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 0 ? n : null;

    public static TimeSpan? ParseDuration(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var bare))
        {
            return TimeSpan.FromSeconds(bare);
        }

        var total = TimeSpan.Zero;
        var matched = false;
        foreach (Match m in Part().Matches(text))
        {
            matched = true;
            var value = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            total += m.Groups[2].Value switch
            {
                "h" => TimeSpan.FromHours(value),
                "m" => TimeSpan.FromMinutes(value),
                "s" => TimeSpan.FromSeconds(value),
                _ => TimeSpan.FromMilliseconds(value),
            };
        }

        return matched ? total : null;
    }

    [GeneratedRegex(@"(\d+(?:\.\d+)?)(ms|h|m|s)")]
    private static partial Regex Part();
}
