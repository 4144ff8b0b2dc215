using System.Net.Http.Headers;
using System.Text;

namespace Appliance.Security;

/// <summary>
/// Every request but <c>/healthz</c>, <c>/metrics</c> and the web page's own files needs a key: <c>Authorization: Bearer KEY</c>, or HTTP Basic
/// with the key as the password, under <c>/hangfire</c> only (so a browser can open the dashboard; a browser replays cached
/// Basic credentials on any request a page makes, so nowhere else). Runs before routing, so nothing — the
/// Hangfire dashboard included — is reachable without it.
/// </summary>
public sealed class ApiKeyMiddleware(RequestDelegate next, ApiKeys keys)
{
    /// <summary>Set in <c>HttpContext.Items</c> once a request passed; the dashboard's filter reads it.</summary>
    public const string Passed = "appliance.api-key-passed";

    public Task InvokeAsync(HttpContext context)
    {
        if (keys.Open || IsPublic(context.Request.Path) || keys.Matches(PresentedKey(context.Request.Headers.Authorization, AcceptsBasic(context.Request.Path))))
        {
            context.Items[Passed] = true;
            return next(context);
        }

        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = context.Request.Path.StartsWithSegments("/hangfire")
            ? "Basic realm=\"appliance\", charset=\"UTF-8\""
            : "Bearer realm=\"appliance\"";
        return context.Response.WriteAsJsonAsync(new { error = "an API key is required: Authorization: Bearer KEY" });
    }

    public static bool IsPublic(PathString path) =>
        path.Equals("/healthz") || path.Equals("/metrics") || (path.Value is { } p && Web.WebPage.PublicPaths.Contains(p));

    public static bool AcceptsBasic(PathString path) => path.StartsWithSegments("/hangfire");

    /// <summary>The key in an Authorization header: the Bearer token, or (where <paramref name="basic"/>) the password of Basic credentials.</summary>
    public static string? PresentedKey(string? header, bool basic = false)
    {
        if (!AuthenticationHeaderValue.TryParse(header, out var value) || value.Parameter is not { Length: > 0 } parameter)
        {
            return null;
        }

        if (value.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            return parameter;
        }

        if (!basic || !value.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(parameter));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? null : decoded[(colon + 1)..];
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
