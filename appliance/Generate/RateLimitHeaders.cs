using System.Globalization;
using System.Text.RegularExpressions;

namespace Appliance.Generate;

/// <summary>OpenAI's <c>x-ratelimit-*</c> headers: durations written like <c>1s</c>, <c>6m0s</c>, <c>250ms</c>.</summary>
public static partial class RateLimitHeaders
{
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
