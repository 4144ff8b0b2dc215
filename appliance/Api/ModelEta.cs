using System.Collections.Concurrent;
using Appliance.Reports.Capacity;
using Appliance.Runs;

namespace Appliance.Api;

/// <summary>An upload's time left by the capacity model: the newest measured run's projection, priced per row left.</summary>
public sealed record ModelEtaResult(long RunId, double Seconds, double LowSeconds, double HighSeconds);

/// <summary>
/// Prices what an upload has left with the capacity model (<see cref="RemainingTime"/>) from the newest finished run.
/// Loading a run and fitting its model costs a few queries and a fit, so the projection is kept per (run, upload size)
/// and the newest run's id is looked up at most every <see cref="Refresh"/>; a page polling every second costs nothing.
/// </summary>
public sealed class ModelEta(CapacityInputs inputs, RunStore runs, TimeProvider time, ILogger<ModelEta> logger)
{
    public static readonly TimeSpan Refresh = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<(long Run, long Rows), (ProjectionResult Projection, double Overlap)?> _projections = new();
    private (long? Run, DateTimeOffset At) _latest = (null, DateTimeOffset.MinValue);

    /// <summary>Null when no finished run is stored or its measurements cannot be projected (the page then says so).</summary>
    public async Task<ModelEtaResult?> ForAsync(long uploadRows, long scrapeLeft, long generateLeft, CancellationToken ct)
    {
        if (uploadRows <= 0 || await LatestRunAsync(ct) is not { } runId)
        {
            return null;
        }

        if (!_projections.TryGetValue((runId, uploadRows), out var entry))
        {
            entry = await ProjectAsync(runId, uploadRows, ct);
            _projections[(runId, uploadRows)] = entry;
        }

        if (entry is not var (projection, overlap))
        {
            return null;
        }

        var left = RemainingTime.For(projection, overlap, scrapeLeft, generateLeft);
        return new ModelEtaResult(runId, Math.Round(left.Expected), Math.Round(left.Low), Math.Round(left.High));
    }

    private async Task<long?> LatestRunAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (now - _latest.At >= Refresh)
        {
            var latest = await runs.LatestAsync("run", ct);
            if (latest != _latest.Run)
            {
                _projections.Clear(); // an older run's projections are not asked for again
            }

            _latest = (latest, now);
        }

        return _latest.Run;
    }

    private async Task<(ProjectionResult, double)?> ProjectAsync(long runId, long rows, CancellationToken ct)
    {
        try
        {
            var model = await inputs.LoadAsync(runId, ct);
            return (CapacityProjector.Project(model.Projection, rows), model.Projection.Run.StageOverlap);
        }
        catch (ProjectionException e)
        {
            logger.LogInformation("No model ETA from run {RunId}: {Reason}", runId, e.Message);
            return null;
        }
    }
}
