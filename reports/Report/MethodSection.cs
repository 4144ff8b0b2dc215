using static Appliance.Reports.Report.ReportFormat;

namespace Appliance.Reports.Report;

/// <summary>Section 8: how each number was obtained, on how much data, and what was simulated.</summary>
public static class MethodSection
{
    public const string Title = "8. Method and caveats";

    public static void Write(ReportContext context)
    {
        var input = context.Input;
        context.Heading1(Title);
        var items = new List<string>
        {
            $"Host figures come from /proc and /sys, sampled once per second by the appliance itself ({Count(input.Samples.Count)} samples in this run); " +
                "they use node_exporter's definitions, so they match a Prometheus dashboard of the same host.",
            "Stage throughput is measured from completions over the steady-state part of the run (the first and last partial windows " +
                "are cut); its interval, where shown, is a bootstrap over those windows.",
            "Latency percentiles come from per-item timings of each stage; p99 over a few hundred items rests on a handful of them.",
            "The concurrency sweep ran each stage at several in-flight limits; the Universal Scalability Law was fitted by least squares. " +
                "A fit with R² well below 0.9 or with fewer than six points should be read as a trend, not a forecast.",
            "The projection adds the ingest time, the bottleneck stage's time at its rate, and the pipeline's fill and drain; it assumes " +
                "the mix of sites and failures seen in this run holds for the larger file.",
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
    }
}
