using System.Text.Json;
using Appliance.Security;

namespace Appliance.Api;

/// <summary>The API's read models, and its two small reads that are not a resource of their own: the host panel and the session.</summary>
public static class ApiSetup
{
    /// <summary>The web defaults with snake_case keys (<c>rows_accepted</c>), which the page and the API's users read.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static IServiceCollection AddApi(this IServiceCollection services) => services.AddSingleton<HostPanel>().AddSingleton<ModelEta>().AddHostedService<ForecastPublisher>();

    /// <summary><c>GET /api/host</c>: load per core, memory, filesystems, disk and network rates, for the page's host panel.</summary>
    public static IEndpointRouteBuilder MapHost(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/host", (HostPanel panel) => Results.Json(panel.Read(), Json));
        return app;
    }

    /// <summary><c>GET /api/session</c> (no key needed): whether the API is open, and whether the presented key is accepted.</summary>
    public static IEndpointRouteBuilder MapSession(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/session", (HttpContext http, ApiKeys keys) =>
        {
            var open = keys.Open;
            return Results.Ok(new { open, authenticated = open || keys.Matches(ApiKeyMiddleware.PresentedKey(http.Request.Headers.Authorization)) });
        });
        return app;
    }
}
