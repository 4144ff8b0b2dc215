using Appliance.Ingest;
using Appliance.Runs;
using Appliance.Scrape;
using Appliance.Storage;
using Microsoft.Extensions.Options;

namespace Appliance.Api;

/// <summary><c>/api/runs</c>: start a measured run of an uploaded file or of lab leads, list runs, read one.</summary>
public static class RunEndpoints
{
    public static IEndpointRouteBuilder MapRuns(this IEndpointRouteBuilder app)
    {
        var runs = app.MapGroup("/api/runs");
        runs.MapPost("/", Start).DisableAntiforgery();
        runs.MapGet("/", List);
        runs.MapGet("/settings", LabRuns.Settings);
        runs.MapGet("/{id:long}", Get);
        runs.MapGet("/{id:long}/report.pdf", Report);
        return app;
    }

    private static async Task<IResult> Start(
        HttpContext http, RunExecutor executor, StatePaths paths, IOptions<IngestOptions> options, IOptions<Security.ApiOptions> api, AddressGrants grants, CancellationToken ct)
    {
        if (http.Request.HasJsonContentType())
        {
            return await LabRuns.StartAsync(http, executor, paths, api, grants, ct);
        }

        if (executor.Busy)
        {
            return LabRuns.Busy();
        }

        var (file, error) = await UploadReceiver.ReceiveAsync(http, paths, options.Value.MaxUploadBytes, ct);
        if (file is null)
        {
            return error!;
        }

        var request = new RunRequest(file.StoredPath, file.FileName, LabWeb: false, LabLlm: false);
        var id = await executor.CreateAsync(request, ct);
        if (!executor.TryStart(id, request))
        {
            await executor.MarkFailedAsync(id, "another run was in progress", ct);
            return LabRuns.Busy();
        }

        return Results.Accepted($"/api/runs/{id}", new { run_id = id, status_url = $"/api/runs/{id}" });
    }

    private static async Task<IResult> List(RunStore store, RunHeadlines headlines, CancellationToken ct, int limit = 50)
    {
        var runs = await store.ListAsync(Math.Clamp(limit, 1, 1000), ct);
        var projected = await headlines.ForAsync(runs, ct);
        return Results.Json(runs.Select(r => Brief(r, projected.GetValueOrDefault(r.Id))), RunStore.Json);
    }

    private static async Task<IResult> Get(long id, RunStore store, CancellationToken ct) =>
        await store.GetAsync(id, ct) is { } run ? Results.Json(run, RunStore.Json) : Results.NotFound();

    private static async Task<IResult> Report(long id, RunStore store, RunReport report, CancellationToken ct, long? baseline = null)
    {
        if (await store.GetAsync(id, ct) is not { State: "finished", Kind: "run" })
        {
            return Results.Problem($"run {id} is not a finished run", statusCode: StatusCodes.Status404NotFound);
        }

        var pdf = new MemoryStream();
        await report.WriteAsync(id, baseline, pdf, ct);
        return Results.File(pdf.ToArray(), "application/pdf", $"appliance-run-{id}.pdf");
    }

    /// <summary>A run as the list shows it; a finished run carries its 500,000-row headline (null when it could not be projected).</summary>
    private static object Brief(RunRecord r, RunHeadline? headline) => new
    {
        run_id = r.Id, r.Kind, r.State, r.Source, upload_id = r.FileUploadId, r.StartedAt, r.FinishedAt, rows = r.Summary?.Rows, seconds = r.Summary?.Seconds, r.Error,
        headline,
    };
}
