using System.Collections.Frozen;

namespace Appliance.Web;

/// <summary>
/// The operator's page: three files embedded in the binary (no build step, nothing fetched from elsewhere), served
/// without a key because they hold no data — every figure the page shows comes from an API call that carries the key.
/// <c>/api/session</c> (Api) tells the page whether it needs to ask for one.
/// </summary>
public static class WebPage
{
    /// <summary>Paths served without a key, beside <c>/healthz</c> and <c>/metrics</c>: the page's files and <c>/api/session</c>.</summary>
    public static readonly FrozenSet<string> PublicPaths = FrozenSet.ToFrozenSet(["/", "/index.html", "/app.js", "/app.css", "/api/session"], StringComparer.Ordinal);

    private static readonly (string Path, string Resource, string ContentType)[] Files =
    [
        ("/", "Web.index.html", "text/html; charset=utf-8"),
        ("/index.html", "Web.index.html", "text/html; charset=utf-8"),
        ("/app.js", "Web.app.js", "text/javascript; charset=utf-8"),
        ("/app.css", "Web.app.css", "text/css; charset=utf-8"),
    ];

    // Only our own files and our own API; blob: for the downloads the page builds from authorised fetches.
    private const string ContentSecurityPolicy =
        "default-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    public static IEndpointRouteBuilder MapWebPage(this IEndpointRouteBuilder app)
    {
        foreach (var (path, resource, contentType) in Files)
        {
            var bytes = Read(resource);
            app.MapGet(path, (HttpContext http) =>
            {
                http.Response.Headers.CacheControl = "no-cache";
                http.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
                http.Response.Headers.XContentTypeOptions = "nosniff";
                return Results.Bytes(bytes, contentType);
            });
        }

        return app;
    }

    private static byte[] Read(string resource)
    {
        using var stream = typeof(WebPage).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"embedded resource {resource} is missing from the build");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
