using System.Globalization;

namespace Appliance.Lab;

/// <summary>
/// OpenAI's rate-limit headers: <c>x-ratelimit-limit/remaining/reset-requests</c> and
/// <c>-tokens</c> on every answer while a limit is on, and on a 429 also <c>retry-after</c>
/// (whole seconds, rounded up, for generic HTTP clients) and <c>retry-after-ms</c> (exact).
/// </summary>
internal static class LabLlmRateHeaders
{
    public static void Write(HttpResponse response, LabLlmRateDecision decision)
    {
        Bucket(response, "requests", decision.Requests);
        Bucket(response, "tokens", decision.Tokens);
        if (!decision.Allowed)
        {
            var ms = Math.Ceiling(decision.RetryAfter.TotalMilliseconds);
            response.Headers["retry-after"] = Math.Ceiling(ms / 1000).ToString(CultureInfo.InvariantCulture);
            response.Headers["retry-after-ms"] = ms.ToString(CultureInfo.InvariantCulture);
        }
    }

    /// <summary>Go-style, as OpenAI writes it: <c>250ms</c>, <c>1.5s</c>, <c>6m0s</c>.</summary>
    public static string Duration(TimeSpan span)
    {
        var ms = Math.Ceiling(span.TotalMilliseconds);
        return ms switch
        {
            < 1000 => string.Create(CultureInfo.InvariantCulture, $"{ms}ms"),
            < 60_000 => string.Create(CultureInfo.InvariantCulture, $"{ms / 1000:0.###}s"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{Math.Floor(ms / 60_000)}m{ms % 60_000 / 1000:0.###}s"),
        };
    }

    private static void Bucket(HttpResponse response, string name, LabLlmBucketState? state)
    {
        if (state is not { } s)
        {
            return;
        }

        response.Headers["x-ratelimit-limit-" + name] = s.Limit.ToString(CultureInfo.InvariantCulture);
        response.Headers["x-ratelimit-remaining-" + name] = s.Remaining.ToString(CultureInfo.InvariantCulture);
        response.Headers["x-ratelimit-reset-" + name] = Duration(s.Reset);
    }
}
