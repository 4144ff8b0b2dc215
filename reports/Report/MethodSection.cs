using static Appliance.Reports.Report.ReportFormat;

namespace Appliance.Reports.Report;

/// <summary>Section 8: how each number was obtained, on how much data, and what was simulated.</summary>
public static class MethodSection
{
    public const string Title = "12. Method and caveats";

    public static void Write(ReportContext context)
    {
        var input = context.Input;
        context.Heading1(Title);
        var items = new List<string>
        {
            $"Host figures come from /proc and /sys, sampled once per second by the appliance itself ({Count(input.Samples.Count)} samples in this run); " +
                "they use node_exporter's definitions, so they match a Prometheus dashboard of the same host.",
            "A stage's rate, wherever this report gives one, is its steady rate: rows finished between the sample where the stage reached 10 % " +
                "of its items and the one where it reached 90 % (the fill and the drain are cut), divided by the seconds between them, with a 90 % " +
                "interval from a moving-block bootstrap of those one-second intervals. " + string.Join(" ", input.Stages.Where(s => s.SteadyFromSeconds is not null)
                    .Select(s => $"{Capitalise(s.Name)}: {StageRate(s)} over {Window(s.SteadyFromSeconds!.Value, s.SteadyToSeconds!.Value, input.Run.StartedUtc)}.")) +
                " Any other figure says what it is: a node's rate over its own span, a time series' trailing average, a projection at another concurrency.",
            "A stage over within seconds (ingest's COPY of a small file) has no steady rate: its rows and time are given instead, because a " +
                "per-minute rate from a fraction of a second is not a capacity.",
            "Latency percentiles come from per-item timings of each stage; p99 over a few hundred items rests on a handful of them.",
            "The concurrency sweep ran each stage at several in-flight limits; the Universal Scalability Law was fitted by least squares. " +
                "A fit with R² well below 0.9 or with fewer than six points should be read as a trend, not a forecast.",
            "The projection adds the ingest time, the bottleneck stage's time at its rate, and the pipeline's fill and drain; it assumes " +
                "the mix of sites and failures seen in this run holds for the larger file. Scrape's work is counted in distinct URLs fetched " +
                "(a URL that repeats in the file is fetched once and served from the cache), generate's in messages." +
                (input.Projection is { } p ? $" For this run: {p.Reason}" : ""),
            "Resources for the larger file are this run's per-row costs multiplied by the row count; fixed costs (start-up, the database's " +
                "base size) are small against 500,000 rows but dominate small runs.",
        };
        var run = input.Run;
        items.Add(run.UsesLabWeb || run.UsesLabLlm
            ? ExecutiveSummarySection.LabSentence(run)
            : "No part of this run was simulated: websites and the generator were real.");
        if (input.Samples.Count > 0 && input.Samples.All(s => s.PsiCpuSome is null && s.PsiIoSome is null && s.PsiMemorySome is null))
            items.Add("Pressure stall information was not available on this host.");
        items.AddRange(input.MethodNotes);
        context.Bullets(items);

        context.Heading2("Commands");
        context.Bullets(
        [
            "This report again, compared with an earlier run: appliance report --run RUN --baseline EARLIER_RUN.",
            "A concurrency sweep, which lets the model price more concurrency: appliance sweep --stage scrape (or generate).",
            "The projection with other settings: appliance project --rows N with --concurrency, --cores, --llm-rpm or --llm-tpm.",
        ]);
    }

    static string Capitalise(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
