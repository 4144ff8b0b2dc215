using System.Text.Json;

namespace Appliance.Lab;

/// <summary>
/// <c>GET /_lab/truth?site=N</c>, <c>?host=127.x.y.z</c> or <c>?host=www.name-sN.test</c>: a site's <see cref="LabTruth"/> as
/// JSON (snake_case, like the rest of the appliance's machine output), for scripts and for
/// benchmarks in another process.
/// </summary>
internal static class LabTruthEndpoint
{
    public const string Path = "/_lab/truth";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // "+44…" and "–" as written, for people and jq
    };

    public static async Task WriteAsync(HttpContext context, LabOptions options)
    {
        var query = context.Request.Query;
        int index;
        if (context.Request.Path != Path)
        {
            await Text(context, 404, $"Unknown lab endpoint; try {Path}?site=0");
            return;
        }

        if (query.TryGetValue("site", out var site))
        {
            if (!int.TryParse(site, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out index) || index >= LabAddresses.MaxSites)
            {
                await Text(context, 400, $"site must be a whole number below {LabAddresses.MaxSites}");
                return;
            }
        }
        else if (!LabAddresses.TryGetSiteIndex(query["host"].ToString(), out index) && !LabNames.TryGetSiteIndex(query["host"].ToString(), options.Seed, out index))
        {
            await Text(context, 400, "give site=N or host=127.x.y.z (a lab address, 127.16.0.0 and up) or host=www.name-sN.test");
            return;
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(JsonSerializer.Serialize(LabWeb.Truth(options.Seed, index, options), Json), context.RequestAborted);
    }

    public static LabTruth? Parse(string json) => JsonSerializer.Deserialize<LabTruth>(json, Json);

    private static Task Text(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(message + "\n", context.RequestAborted);
    }
}
