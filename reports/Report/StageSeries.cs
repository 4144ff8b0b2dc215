namespace Appliance.Reports.Report;

/// <summary>Per-stage series derived from the samples' cumulative counters.</summary>
public static class StageSeries
{
    public static readonly string[] KnownStages = ["ingest", "scrape", "generate"];

    public static long? Completed(TelemetrySample s, string stage) => stage.ToLowerInvariant() switch
    {
        "ingest" => s.IngestCompleted,
        "scrape" => s.ScrapeCompleted,
        "generate" => s.GenerateCompleted,
        _ => null,
    };

    /// <summary>
    /// Completions per minute over a trailing window of <paramref name="windowSeconds"/>: per-second counts of a
    /// chunked stage are too jumpy to read, a few seconds' average shows the trend.
    /// </summary>
    public static double?[] RatePerMinute(IReadOnlyList<TelemetrySample> samples, string stage, double windowSeconds = 5)
    {
        var rates = new double?[samples.Count];
        var start = 0;
        for (var i = 0; i < samples.Count; i++)
        {
            while (start < i && samples[i].SecondsSinceStart - samples[start].SecondsSinceStart > windowSeconds)
                start++;
            var dt = samples[i].SecondsSinceStart - samples[start].SecondsSinceStart;
            if (i == 0 || dt <= 0 || Completed(samples[i], stage) is not { } now || Completed(samples[start], stage) is not { } then)
                continue;
            rates[i] = (now - then) / dt * 60;
        }
        return rates;
    }

    /// <summary>
    /// The samples from just before a stage's first completion to a few seconds after its last: a stage that is done
    /// in seconds (ingest) would otherwise be a spike at the edge of a chart spanning the whole run.
    /// </summary>
    public static (int From, int To) ActiveWindow(IReadOnlyList<TelemetrySample> samples, string stage, int padSamples = 5)
    {
        int? first = null, last = null;
        for (var i = 1; i < samples.Count; i++)
        {
            if (Completed(samples[i], stage) != Completed(samples[i - 1], stage))
            {
                first ??= i - 1;
                last = i;
            }
        }
        if (first is null)
            return (0, samples.Count - 1);
        return (Math.Max(0, first.Value - padSamples), Math.Min(samples.Count - 1, last!.Value + padSamples));
    }
}
