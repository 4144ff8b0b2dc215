using Appliance.Runs;
using Appliance.Storage;

namespace Appliance.Api;

/// <summary>
/// Stored capacity reports: render one for a finished run into the state directory's <c>reports</c> folder (where the
/// daily report timer writes too, same names, the newest <see cref="ReportFolder.DaemonKeep"/> kept), list them, serve one.
/// </summary>
public static class ReportEndpoints
{
    public static IEndpointRouteBuilder MapReports(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/runs/{id:long}/report", Generate);
        app.MapGet("/api/reports", (StatePaths paths) => Results.Json(ReportFolder.List(paths.Reports).Select(Brief), RunStore.Json));
        app.MapGet("/api/reports/{file}", (string file, StatePaths paths) => ReportFolder.TryResolve(paths.Reports, file, out var path)
            ? TypedResults.PhysicalFile(path, "application/pdf", file)
            : Results.NotFound());
        return app;
    }

    private static async Task<IResult> Generate(long id, HttpContext http, RunStore store, RunReport report, StatePaths paths, CancellationToken ct, long? baseline = null)
    {
        if (await store.GetAsync(id, ct) is not { State: "finished", Kind: "run" })
        {
            return Results.Problem($"run {id} is not a finished run", statusCode: StatusCodes.Status404NotFound);
        }

        var file = ReportFolder.FileName(id);
        var seconds = await ReportFolder.WriteAsync(report, id, baseline, Path.Combine(paths.Reports, file), ct);
        ReportFolder.Prune(paths.Reports, ReportFolder.DaemonKeep);
        var stored = ReportFolder.List(paths.Reports).Single(r => r.File == file);
        http.Response.Headers.Location = $"/api/reports/{file}";
        return Results.Json(Brief(stored) with { Seconds = Math.Round(seconds, 2) }, RunStore.Json, statusCode: StatusCodes.Status201Created);
    }

    private static ReportBrief Brief(StoredReport r) => new(r.RunId, r.File, r.Bytes, r.WrittenAt, $"/api/reports/{r.File}", null);

    private sealed record ReportBrief(long RunId, string File, long Bytes, DateTime WrittenAt, string Url, double? Seconds);
}
