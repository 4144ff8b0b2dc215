using System.Globalization;
using System.Text;
using Appliance.Generate;
using Appliance.Lab;
using Appliance.Runs;
using Appliance.Scrape;
using Appliance.Storage;
using Microsoft.Extensions.Options;

namespace Appliance.Api;

/// <summary>
/// A measured run of N synthetic leads started over the API (<c>POST /api/runs</c> with <c>{"lab_rows": N}</c>): the
/// lab's web in a child <c>appliance lab serve</c>, as <c>appliance run --lab-rows</c> starts it, so the run's CPU is the
/// daemon's own; it and the lead file pointing at it live as long as the run. Messages come from the daemon's own
/// generator (<c>Generate:Generator</c>), which is a setting of the daemon, not of a run.
/// </summary>
public static class LabRuns
{
    public const int MaxRows = 500_000;

    public sealed record Body(int? LabRows, int? Seed);

    public static async Task<IResult> StartAsync(HttpContext http, RunExecutor executor, StatePaths paths, IOptions<Security.ApiOptions> api, AddressGrants grants, CancellationToken ct)
    {
        var body = await http.Request.ReadFromJsonAsync<Body>(RunStore.Json, ct);
        if (body?.LabRows is not (>= 1 and <= MaxRows) || body.Seed is < 0)
        {
            return Results.Problem($"give lab_rows from 1 to {MaxRows:N0} (and a seed of 0 or more), or send a file as multipart/form-data", statusCode: StatusCodes.Status400BadRequest);
        }

        if (!api.Value.LabRuns)
        {
            return Results.Problem("lab runs are off on this daemon (Api:LabRuns=true turns them on)", statusCode: StatusCodes.Status409Conflict);
        }

        if (executor.Busy)
        {
            return Busy();
        }

        var rows = body.LabRows.Value;
        var lab = await LabRun.StartAsync(Path.Combine(paths.Root, "lab"), rows, body.Seed ?? 42, grants, ct);
        var request = new RunRequest(lab.FilePath, string.Create(CultureInfo.InvariantCulture, $"lab:{rows}"), LabWeb: true, LabLlm: false);
        long id;
        try
        {
            id = await executor.CreateAsync(request, ct);
        }
        catch
        {
            await lab.DisposeAsync();
            throw;
        }

        if (!executor.TryStart(id, request, lab))
        {
            await lab.DisposeAsync();
            await executor.MarkFailedAsync(id, "another run was in progress", ct);
            return Busy();
        }

        return Results.Accepted($"/api/runs/{id}", new { run_id = id, status_url = $"/api/runs/{id}" });
    }

    public static IResult Busy() => Results.Problem("a run is being measured; one run at a time", statusCode: StatusCodes.Status409Conflict);

    /// <summary>What a run started now would run with, for the page's form.</summary>
    public static object Settings(RunExecutor executor, IOptions<ScrapeOptions> scrape, IOptions<GenerateOptions> generate, IOptions<LlmOptions> llm, IOptions<Security.ApiOptions> api) => new
    {
        busy = executor.Busy,
        generator = generate.Value.Generator,
        model = generate.Value.Generator == LlmGenerator.Name ? llm.Value.Model : null,
        scrape_concurrency = scrape.Value.Concurrency,
        generate_concurrency = generate.Value.Concurrency,
        lab_runs = api.Value.LabRuns,
        max_lab_rows = MaxRows,
    };

    /// <summary>
    /// The lab process, its lead file and the scraper's leave to reach the lab's loopback port (and no other), all gone
    /// when disposed (when the run ends).
    /// </summary>
    private sealed class LabRun(LabProcess lab, string filePath, IDisposable grant) : IAsyncDisposable
    {
        public string FilePath => filePath;

        public static async Task<LabRun> StartAsync(string folder, int rows, int seed, AddressGrants grants, CancellationToken ct)
        {
            var lab = await LabProcess.StartAsync([], ct);
            try
            {
                Directory.CreateDirectory(folder);
                var path = Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"lab-leads-{rows}-{seed}-{Guid.NewGuid():N}.csv"));
                await using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
                LeadFileGenerator.Write(writer, rows, seed, progress: null, withBadRows: true, lab.Port);
                AllowedNetwork.TryParse(string.Create(CultureInfo.InvariantCulture, $"127.0.0.0/8:{lab.Port}"), out var network);
                return new LabRun(lab, path, grants.Grant(network));
            }
            catch
            {
                await lab.DisposeAsync();
                throw;
            }
        }

        public async ValueTask DisposeAsync()
        {
            grant.Dispose();
            await lab.DisposeAsync();
            File.Delete(filePath);
        }
    }
}
