using Appliance.Reports.Capacity;
using Appliance.Reports.Pdf;
using static Appliance.Reports.Report.ReportFormat;

namespace Appliance.Reports.Report;

/// <summary>Section 5: the concurrency sweep, the fitted Universal Scalability Law, and projected times by concurrency.</summary>
public static class ScalabilitySection
{
    public const string Title = "7. Scalability";

    public static void Write(ReportContext context)
    {
        var input = context.Input;
        context.Heading1(Title);
        if (input.Scalability.Count == 0)
        {
            context.Paragraph("No concurrency sweep was run, so there is no scalability model: the projection below uses the rates " +
                "measured at the run's own concurrency only.");
        }
        else
        {
            context.Paragraph("Each stage was run at several concurrency limits and its throughput measured. The Universal Scalability Law " +
                "(Gunther), X(N) = λN / (1 + σ(N−1) + κN(N−1)), was fitted to the points: σ is contention (the serial share), κ is " +
                "coherence (the cost of keeping workers in step, which makes throughput fall past the peak), λ the throughput of one worker.");
            foreach (var stage in input.Scalability)
                WriteStage(context, stage, input.CustomerConcurrency);
        }
        WriteProjectionTable(context, input);
        WriteNodeTable(context, input.NodeScaling);
    }

    static void WriteNodeTable(ReportContext context, NodeScalingResult? scaling)
    {
        if (scaling is null)
            return;
        context.Heading2($"Projected time for {Count(scaling.Rows)} rows by nodes");
        context.Paragraph("Several nodes share one PostgreSQL and one set of queues. Each node brings its own cores, in-flight limits and " +
            "per-host politeness, so the per-node rates add up; the LLM endpoint's rate limit and the database (its writes and its connections) " +
            "are shared and do not. " + scaling.Reason);
        var last = Math.Min(scaling.ByNodes.Count, Math.Max(4, scaling.UsefulNodes + 1));
        context.Table(
            [new("Nodes", 0.7f, CellAlign.Right), new("Projected time", 1.2f, CellAlign.Right), new("Rows/min", 1f, CellAlign.Right), new("Limited by", 4f)],
            scaling.ByNodes.Take(last).Select(n => (IReadOnlyList<string>)
            [
                n.Nodes.ToString(System.Globalization.CultureInfo.InvariantCulture), n.Fits ? Duration(n.Seconds) : "does not fit",
                n.Fits ? Count(n.RowsPerSecond * 60) : Missing, n.Limit + (n.Nodes == scaling.UsefulNodes ? " — the last node worth adding" : ""),
            ]));
        context.Bullets(scaling.Basis);
    }

    static void WriteStage(ReportContext context, StageSweep stage, int customer)
    {
        context.Heading2($"Stage: {stage.Stage}");
        if (stage.Points.Count == 0)
        {
            context.Paragraph($"The sweep recorded no points for {stage.Stage}.");
            return;
        }
        var fit = stage.Fit;
        var recommended = fit?.RecommendedConcurrency();
        var maxN = Math.Max(stage.Points.Max(p => p.Concurrency), Math.Max(customer, recommended ?? 0));
        var curve = new List<(double, double)>();
        if (fit is not null)
        {
            var end = maxN * 1.15;
            for (var i = 0; i <= 120; i++)
            {
                var n = 1 + (end - 1) * i / 120.0;
                curve.Add((n, fit.ThroughputAt(n)));
            }
        }
        var markers = new List<(double, string)>();
        markers.Add((customer, $"customer {customer}"));
        if (recommended is { } rec && rec != customer)
            markers.Add((rec, $"recommended {rec}"));
        var plot = Charts.ScatterWithCurve("Concurrency (items in flight)", "Items per second",
            stage.Points.Select(p => (p.Concurrency, p.Throughput)).ToList(), curve, markers);
        context.Figure(plot, $"{stage.Stage}: measured throughput at each concurrency and the fitted USL curve.");

        if (fit is null)
        {
            context.Paragraph($"The model could not be fitted for {stage.Stage}: {stage.FitError ?? "no fit was supplied"}. " +
                "The measured points are shown without a curve.");
            return;
        }
        context.KeyValues(
        [
            ("σ (contention)", Number(fit.Sigma)),
            ("κ (coherence)", Number(fit.Kappa)),
            ("λ (items/s at concurrency 1)", Number(fit.Lambda)),
            ("R² of the fit", fit.PointCount > 0 ? fit.RSquared.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture) : Missing),
            ("Peak concurrency", fit.PeakConcurrency is { } peak ? $"{Number(peak)} (throughput {Number(fit.ThroughputAt(peak))}/s)" : "none: throughput keeps rising (κ = 0)"),
            ("Recommended by the fit", recommended is { } r ? $"{r}: the smallest concurrency reaching 95 % of the fitted peak (or of the best measured)" : Missing),
            ("Sweep points", stage.Points.Count.ToString()),
        ]);
    }

    static void WriteProjectionTable(ReportContext context, ReportInput input)
    {
        if (input.Projection is not { } projection || input.ByConcurrency.Count == 0)
        {
            context.Paragraph("No projection by concurrency was computed for this run.");
            return;
        }
        context.Heading2($"Projected time for {Count(projection.Rows)} rows by concurrency");
        context.Paragraph("Both stages set to the same in-flight limit. The fastest row is the concurrency this report recommends; the fits' own " +
            "95 % rule above can pick a smaller one, which gives up a little speed for less memory and fewer connections.");
        context.Table(
            [new("Concurrency", 1f, CellAlign.Right), new("Projected time", 1.3f, CellAlign.Right), new("Interval", 2f, CellAlign.Right), new("", 1.6f)],
            input.ByConcurrency.OrderBy(c => c.Concurrency).Select(c => (IReadOnlyList<string>)
            [
                c.Concurrency.ToString(),
                Duration(c.Projection.SecondsExpected),
                $"{Duration(c.Projection.SecondsLow)} – {Duration(c.Projection.SecondsHigh)}",
                Note(c.Concurrency, input.CustomerConcurrency, ExecutiveSummarySection.Best(input)?.Concurrency),
            ]));
    }

    static string Note(int concurrency, int customer, int? recommended) =>
        (concurrency == customer, concurrency == recommended) switch
        {
            (true, true) => "customer's old setting, and the fastest",
            (true, false) => "customer's old setting",
            (false, true) => "fastest",
            _ => "",
        };
}
