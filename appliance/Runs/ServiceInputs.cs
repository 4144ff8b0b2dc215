using Appliance.Reports.Capacity;

namespace Appliance.Runs;

/// <summary>
/// Maps what a stored run measured per item onto the capacity model's <see cref="ServiceMeasurements"/>: the fetch-time
/// distribution (the latency histogram, timeouts at their own mean) and the messages', each stage's 1 s samples (in
/// flight: the stage's own gauge where recorded, else the two stages' sum split at scrape's limit), CPU-seconds a row over
/// scrape's steady window, the database's demonstrated write rate, the LLM limits of the run and the dispatch delay.
/// Richer per-item figures (slot wait, CPU-seconds an item) will replace the estimates here as the runner records them.
/// </summary>
public static class ServiceInputs
{
    public static ServiceMeasurements? From(RunRecord run, RunSummary s, IReadOnlyList<RunSample> samples, RateEstimate scrapeRate, DatabaseLoad? database)
    {
        if (s.Scrape.Latency is not { Histogram.Count: > 0 } latency || s.Shape.DistinctUrls < 1)
        {
            return null;
        }

        var scrapeLimit = Math.Max(1, s.Resources.ScrapeConcurrency);
        var scrape = new List<StageSample>();
        var generate = new List<StageSample>();
        double previous = 0;
        foreach (var x in samples)
        {
            var interval = Math.Max(0, x.Seconds - previous);
            previous = x.Seconds;
            var scrapeInFlight = x.ScrapeInFlight ?? Math.Min(scrapeLimit, x.InFlight);
            var generateInFlight = x.GenerateInFlight ?? Math.Max(0, x.InFlight - scrapeInFlight);
            scrape.Add(new StageSample(x.Seconds, interval, x.Scrape, scrapeInFlight, x.Cpu));
            generate.Add(new StageSample(x.Seconds, interval, x.Generate, generateInFlight, x.Cpu));
        }

        var scrapeService = ServiceTimes.FromHistogram(latency.Histogram.Select(b => (b.UpperSeconds, b.Count)), s.Shape.SlowFailures, s.Shape.SlowFailureMeanSeconds);
        var generateService = s.Generate.Latency is { Histogram.Count: > 0 } g ? ServiceTimes.FromHistogram(g.Histogram.Select(b => (b.UpperSeconds, b.Count))) : null;
        var messages = Math.Max(1, s.Generate.Outcomes.GetValueOrDefault("done"));
        return new ServiceMeasurements(scrapeService, generateService, scrape, generate)
        {
            CpuSecondsPerRow = CpuPerRow(scrape, scrapeRate, s),
            DatabaseRowsPerSecond = database?.PeakRowsWrittenPerSecond ?? 0,
            DatabaseRowsWrittenPerRow = database?.RowsWrittenPerRow ?? 0,
            Llm = (run.Configuration.LlmRequestsPerMinute ?? 0) is var rpm && (run.Configuration.LlmTokensPerMinute ?? 0) is var tpm && (rpm > 0 || tpm > 0)
                ? new LlmLimits(rpm, tpm, (double)(s.Resources.PromptTokens + s.Resources.CompletionTokens) / messages)
                : null,
            DispatchSeconds = Dispatch(scrape, s.Ingest.EndSeconds),
        };
    }

    /// <summary>
    /// CPU-seconds a row: the process's CPU over scrape's steady window ÷ the rows finished in it (both stages run there,
    /// so it is the pipeline's cost a row, warm-up excluded); over the whole run when there is no window.
    /// </summary>
    private static double CpuPerRow(IReadOnlyList<StageSample> samples, RateEstimate window, RunSummary s)
    {
        if (window.HasValue)
        {
            var inWindow = samples.Where(x => x.Seconds > window.WindowStartSeconds && x.Seconds <= window.WindowEndSeconds && x.CpuCores is not null).ToList();
            var rows = inWindow.Sum(x => x.Completed);
            if (rows > 0)
            {
                return inWindow.Sum(x => x.CpuCores!.Value * x.IntervalSeconds) / rows;
            }
        }

        return s.Rows > 0 ? s.Resources.CpuSeconds / s.Rows : 0;
    }

    /// <summary>From the end of ingest to the last sample before scrape had anything in flight.</summary>
    private static double Dispatch(IReadOnlyList<StageSample> samples, double ingestEnd)
    {
        var first = samples.ToList().FindIndex(x => x.InFlight > 0 || x.Completed > 0);
        return first <= 0 ? 0 : Math.Max(0, samples[first - 1].Seconds - ingestEnd);
    }

}
