using System.Globalization;

namespace Appliance.Reports.Capacity;

/// <summary>
/// Projects a run's wall time to another row count:
/// <code>
/// T(N) = ingest(N) + fill + stages(N) + drain
/// stages(N) = max(S, G) + (1 − overlap) × min(S, G),  S = fetches(N) ÷ scrape rate (or the busiest host's bound),
///                                                    G = messages(N) ÷ generate rate
/// fill + drain = the measured run's wall time − its ingest − stages(its rows)
/// </code>
/// Fill (workers starting, the first items in flight) and drain (the queue empty, the slowest items — timeouts,
/// the last LLM calls — finishing) do not grow with rows, so they are carried over as measured; only the steady
/// terms scale. With the measured settings T(run's rows) is the run's own wall time. The 90% interval recomputes
/// T with both stages' rates at the ends of their bootstrap intervals widened by the run-to-run variation, plus
/// half a slow-failure timeout either way when the file has slow failures (a run may end waiting on one more).
/// A run with per-item measurements (<see cref="RunMeasurements.Service"/>) is projected by the operational laws
/// instead (<see cref="OperationalProjector"/>); this rate model remains for runs stored before those were recorded.
/// </summary>
public static class CapacityProjector
{
    public static ProjectionResult Project(ProjectionInput input, long rows)
    {
        if (input.Run.Service is not null)
        {
            return OperationalProjector.Project(input, rows);
        }

        Validate(input, rows);
        var run = input.Run;
        var notes = new List<string>();
        var us = Uncertainty(run.Scrape.Rate, input.RunToRunVariation);
        var ug = Uncertainty(run.Generate.Rate, input.RunToRunVariation);

        var expected = Evaluate(input, rows, 1, 1, notes);
        var fast = Evaluate(input, rows, 1 + us, 1 + ug, []);
        var slow = Evaluate(input, rows, 1 - us, 1 - ug, []);
        var target = input.WhatIf.Target ?? run.Mix;
        var tail = 0.5 * Math.Max(run.Mix.Failures.SlowShare > 0 ? run.Mix.Failures.SlowSeconds : 0, target.Failures.SlowShare > 0 ? target.Failures.SlowSeconds : 0);
        var low = Math.Max(0, Math.Min(fast.Total, expected.Total) - tail);
        var high = Math.Max(slow.Total, expected.Total) + tail;

        var (bottleneck, other) = expected.Scrape.Seconds >= expected.Generate.Seconds ? (expected.Scrape, expected.Generate) : (expected.Generate, expected.Scrape);
        var usl = bottleneck.Stage == "scrape" ? input.ScrapeUsl : input.GenerateUsl;
        var overlap = Math.Clamp(run.StageOverlap, 0, 1);
        if (Math.Abs(run.Scrape.Rate.PerSecond - run.Generate.Rate.PerSecond / run.Generate.ItemsPerRow) < 0.1 * run.Scrape.Rate.PerSecond && overlap > 0.5)
        {
            notes.Add("scrape and generate ran at about the same rate side by side: the faster one was probably waiting on the other, so its own capacity is not known");
        }

        var reason = F($"{rows:N0} rows ≈ ingest {Sec(expected.Ingest)} + fill {Sec(expected.Fill)} + {bottleneck.Stage} {bottleneck.Items:N0} {Unit(bottleneck)} ÷ {bottleneck.Rate:0.##}/s = {Sec(bottleneck.Seconds)} ({bottleneck.Limit})")
            + (overlap < 1 ? F($" + {(1 - overlap) * 100:0}% of {other.Stage}'s {Sec(other.Seconds)} that did not overlap it") : "")
            + F($" + drain {Sec(expected.Drain)} = {Sec(expected.Total)}. {Cap(other.Stage)} needs {Sec(other.Seconds)} for {other.Items:N0} {Unit(other)} at {other.Rate:0.##}/s ({other.Limit}) and runs alongside. ")
            + F($"Fill and drain are carried over from the {run.Rows:N0}-row run ({Sec(run.WallSeconds)}); 90% interval {Sec(low)}–{Sec(high)} from the rates' bootstrap intervals (±{us * 100:0.#}% scrape, ±{ug * 100:0.#}% generate, including {input.RunToRunVariation * 100:0.#}% run-to-run)")
            + (tail > 0 ? F($" and ±{Sec(tail)} for a timeout at the end.") : ".");

        return new ProjectionResult(rows, expected.Total, low, high, bottleneck.Stage, reason,
            [new StageTime("ingest", expected.Ingest, expected.Ingest > 0 ? rows / expected.Ingest : 0, rows, "COPY"), ToTime(expected.Scrape), ToTime(expected.Generate)])
        {
            IngestSeconds = expected.Ingest,
            FillSeconds = expected.Fill,
            DrainSeconds = expected.Drain,
            RecommendedConcurrency = usl?.RecommendedConcurrency(),
            Notes = notes.Distinct().ToList(),
        };
    }

    private sealed record Evaluation(double Ingest, double Fill, double Drain, StagePlan Scrape, StagePlan Generate, double Total);

    private static Evaluation Evaluate(ProjectionInput input, long rows, double scrapeFactor, double generateFactor, ICollection<string> notes)
    {
        var run = input.Run;
        var overlap = Math.Clamp(run.StageOverlap, 0, 1);
        var asMeasured = new Scenario();
        var measuredScrape = StagePlans.Scrape(run.Rows, run, asMeasured, input.ScrapeUsl, scrapeFactor, []);
        var measuredGenerate = StagePlans.Generate(run.Rows, run, asMeasured, input.GenerateUsl, generateFactor, []);
        var overhead = run.WallSeconds - run.IngestSeconds - Combine(measuredScrape, measuredGenerate, overlap);
        if (overhead < 0)
        {
            notes.Add(F($"the run finished {Sec(-overhead)} sooner than its steady rates explain: fill and drain taken as 0 (stages overlapped more than {overlap * 100:0}%?)"));
            overhead = 0;
        }

        // Fill: time from the end of ingest until the bottleneck's steady window opened, less what it did meanwhile.
        var (b, factor) = measuredScrape.Seconds >= measuredGenerate.Seconds ? (run.Scrape.Rate, scrapeFactor) : (run.Generate.Rate, generateFactor);
        var fill = Math.Clamp(b.WindowStartSeconds - run.IngestSeconds - b.CompletedBeforeWindow / (b.PerSecond * factor), 0, overhead);
        var drain = overhead - fill + TailChange(run.Mix, input.WhatIf.Target ?? run.Mix);
        drain = Math.Max(0, drain);

        var scrape = StagePlans.Scrape(rows, run, input.WhatIf, input.ScrapeUsl, scrapeFactor, notes);
        var generate = StagePlans.Generate(rows, run, input.WhatIf, input.GenerateUsl, generateFactor, notes);
        var ingest = run.IngestSecondsFor(rows);
        return new Evaluation(ingest, fill, drain, scrape, generate, ingest + fill + Combine(scrape, generate, overlap) + drain);
    }

    /// <summary>A run whose fetches time out ends waiting on its last timeouts: a new or longer timeout moves the drain.</summary>
    private static double TailChange(ScrapeMix measured, ScrapeMix target) =>
        (target.Failures.SlowShare > 0 ? target.Failures.SlowSeconds : 0) - (measured.Failures.SlowShare > 0 ? measured.Failures.SlowSeconds : 0);

    private static double Combine(StagePlan a, StagePlan b, double overlap) =>
        Math.Max(a.Seconds, b.Seconds) + (1 - overlap) * Math.Min(a.Seconds, b.Seconds);

    private static double Uncertainty(RateEstimate rate, double variation) =>
        Math.Min(0.9, Math.Sqrt(rate.RelativeHalfWidth * rate.RelativeHalfWidth + variation * variation));

    private static void Validate(ProjectionInput input, long rows)
    {
        var run = input.Run;
        if (rows < 1 || run.Rows < 1 || !(run.WallSeconds > 0) || !(run.IngestSeconds >= 0))
        {
            throw new ProjectionException("Cannot project: the run needs rows, a positive wall time and its ingest time, and the target at least one row.");
        }

        foreach (var stage in new[] { run.Scrape, run.Generate })
        {
            if (!stage.Rate.HasValue || !(stage.Rate.PerSecond > 0))
            {
                throw new ProjectionException($"Cannot project: {stage.Name} has no steady-state rate ({stage.Rate.Problem ?? "zero rate"}).");
            }
        }

        run.Mix.Validate();
        input.WhatIf.Target?.Validate();
    }

    private static StageTime ToTime(StagePlan p) => new(p.Stage, p.Seconds, p.Rate, p.Items, p.Limit);

    private static string Unit(StagePlan p) => p.Stage == "scrape" ? "fetches" : "messages";

    private static string Cap(string s) => char.ToUpperInvariant(s[0]) + s[1..];

    private static string Sec(double seconds) => DurationText.Format(seconds);

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
