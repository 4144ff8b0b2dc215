using Appliance.Reports.Capacity;

namespace Appliance.Runs;

/// <summary>
/// A finished run as it stood when a share of its rows had been scraped: the sample the back-test projects from, as if the
/// customer had stopped there. Its rows are those finished by then, its figures read with that cutoff
/// (<see cref="RunStatistics.ReadAsync"/>), its samples cut there; ingest is charged pro rata (the whole file was ingested).
/// </summary>
public static class RunPrefix
{
    public const double DefaultShare = 0.10;

    /// <summary>Seconds from the run's start at which scrape had finished <paramref name="share"/> of the rows; null if never.</summary>
    public static double? CutoffSeconds(IReadOnlyList<RunSample> samples, long rows, double share)
    {
        long done = 0;
        foreach (var x in samples.OrderBy(x => x.Seconds))
        {
            done += x.Scrape;
            if (done >= share * rows && done > 0)
            {
                return x.Seconds;
            }
        }

        return null;
    }

    public static CapacityModelInputs Build(RunRecord run, UploadFigures figures, IReadOnlyList<RunSample> samples, double cutoffSeconds)
    {
        var s = run.Summary ?? throw new ProjectionException($"run {run.Id} has no summary");
        var rows = Math.Max(1, figures.Scrape.Items);
        var share = (double)rows / Math.Max(1, s.Rows);
        var cut = samples.Where(x => x.Seconds <= cutoffSeconds).ToList();
        var cpu = 0.0;
        var previous = 0.0;
        foreach (var x in cut)
        {
            cpu += (x.Cpu ?? 0) * (x.Seconds - previous);
            previous = x.Seconds;
        }

        var ingest = s.Ingest with { EndSeconds = s.Ingest.StartSeconds + (s.Ingest.Seconds * share) };
        var prefix = s with
        {
            Rows = rows,
            Seconds = cutoffSeconds,
            Ingest = ingest,
            Scrape = figures.Scrape,
            Generate = figures.Generate,
            Shape = figures.Shape,
            Resources = s.Resources with { CpuSeconds = cpu, DownloadedBytes = figures.DownloadedBytes, PromptTokens = figures.PromptTokens, CompletionTokens = figures.CompletionTokens },
        };
        var none = CapacityInputs.Fit("scrape", null, []);
        return CapacityInputs.Build(run with { Summary = prefix }, cut, none, none with { Stage = "generate" });
    }
}
