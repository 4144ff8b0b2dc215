using System.Globalization;
using Appliance.Reports.Capacity;
using Appliance.Reports.Report;
using Appliance.Runs;

namespace Appliance.Benchmarks;

/// <summary>
/// What bound a finished run, read from the run itself rather than from the model: the stage is generate when it reached
/// 90% of its items well after scrape reached 90% of its own (more than 5 s and a tenth of the run: a backlog built up
/// in front of it), else scrape — the 90% marks, not the last completions, since a stage's stragglers (a hung site's
/// timeout, ending after the bulk) say nothing about which stage held the flow back; its limit is <c>cpu</c> when the
/// host's CPUs were at least 85% busy over scrape's steady window (10–90% of its rows), <c>in_flight</c> when the stage's
/// slots were at least 90% held instead, else <c>neither</c> (it waited on something else: its input, an LLM's rate
/// limit, the database).
/// </summary>
public sealed record ObservedBottleneck(string Stage, string Limit, double HostBusyShare, double InFlightShare)
{
    public override string ToString() => $"{Stage}/{Limit}";

    /// <summary>
    /// Whether a named stage/limit is this: the same stage and limit, or generate held below its slots while the model
    /// names an LLM rate limit (a paced stage does not fill its slots).
    /// </summary>
    public bool Matches(string named) =>
        named == ToString() || (Stage == "generate" && Limit == "neither" && (named == $"generate/{CapacityLimit.LlmRpm}" || named == $"generate/{CapacityLimit.LlmTpm}"));

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{Stage}/{Limit} (host CPU {HostBusyShare:P0} busy, slots {InFlightShare:P0} held)");

    public static ObservedBottleneck Of(RunSummary summary, IReadOnlyList<RunSample> samples)
    {
        var scrapeMark = Mark(samples, x => x.Scrape);
        var generateMark = Mark(samples, x => x.Generate);
        var stage = generateMark - scrapeMark > Math.Max(5, 0.1 * summary.Seconds) ? "generate" : "scrape";
        var window = StageRate.Estimate(CounterSample.Accumulate(samples.Select(x => (x.Seconds, x.Scrape))));
        var inWindow = window.HasValue
            ? samples.Where(x => x.Seconds > window.WindowStartSeconds && x.Seconds <= window.WindowEndSeconds).ToList()
            : [.. samples];
        var busy = inWindow.Where(x => x.HostBusy is not null).Select(x => x.HostBusy!.Value).DefaultIfEmpty(0).Average();
        var limit = Math.Max(1, stage == "scrape" ? summary.Resources.ScrapeConcurrency : summary.Resources.GenerateConcurrency);
        var held = inWindow.Select(x => Math.Min(1, ((stage == "scrape" ? x.ScrapeInFlight : x.GenerateInFlight) ?? 0) / (double)limit)).DefaultIfEmpty(0).Average();
        var bound = busy >= 0.85 ? CapacityLimit.Cpu : held >= 0.9 ? CapacityLimit.InFlight : "neither";
        return new ObservedBottleneck(stage, bound, busy, held);
    }

    /// <summary>The second by which a stage had completed 90% of its items (its per-interval completions), or 0 when it completed none.</summary>
    public static double Mark(IReadOnlyList<RunSample> samples, Func<RunSample, long> completed)
    {
        var total = samples.Sum(completed);
        long done = 0;
        foreach (var x in samples)
        {
            done += completed(x);
            if (total > 0 && done >= 0.9 * total)
            {
                return x.Seconds;
            }
        }

        return 0;
    }
}
