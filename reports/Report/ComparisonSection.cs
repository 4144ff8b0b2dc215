using Appliance.Reports.Pdf;
using static Appliance.Reports.Report.ReportFormat;

namespace Appliance.Reports.Report;

/// <summary>
/// Section 7: each figure before and after, with its own factor. Factors are never multiplied across stages: the
/// pipeline is as fast as its slowest stage, so a 2× faster scrape and a 2× faster generate do not make a 4× faster run
/// (the mistake in the customer's hand-written report).
/// </summary>
public static class ComparisonSection
{
    public const string Title = "11. Comparison with the baseline run";

    enum Better { Higher, Lower, Neither }

    sealed record Row(string Figure, double? Before, double? After, Func<double?, string> Format, Better Better);

    public static void Write(ReportContext context)
    {
        context.Heading1(Title);
        if (context.Input.Baseline is not { } before)
        {
            context.Paragraph("No baseline run was given, so there is nothing to compare with (the method section says how to name one).");
            return;
        }
        var after = KeyFigures.From(context.Input);
        context.Paragraph($"Baseline: run {before.RunId} of {DateTimeUtc(before.StartedUtc)}, {Count(before.Rows)} rows. " +
            $"This run: run {after.RunId} of {DateTimeUtc(after.StartedUtc)}, {Count(after.Rows)} rows. The factor is this run's " +
            "figure divided by the baseline's. Each factor stands alone: factors of different stages are not multiplied together, " +
            "because the whole pipeline runs at the pace of its slowest stage.");
        context.Table(
            [new("Figure", 2.6f), new("Baseline", 1.3f, CellAlign.Right), new("This run", 1.3f, CellAlign.Right),
             new("Factor", 0.8f, CellAlign.Right), new("Reading", 1.2f, CellAlign.Right)],
            Rows(before, after).Select(r => (IReadOnlyList<string>)[r.Figure, r.Format(r.Before), r.Format(r.After), FactorText(r), Reading(r)]));
    }

    static IEnumerable<Row> Rows(KeyFigures before, KeyFigures after)
    {
        yield return new("Rows in the run", before.Rows, after.Rows, v => Count(v), Better.Neither);
        yield return new("Wall-clock time", before.SecondsWall, after.SecondsWall, Duration, Better.Lower);
        foreach (var stage in after.Stages)
        {
            var old = before.Stages.FirstOrDefault(s => string.Equals(s.Stage, stage.Stage, StringComparison.OrdinalIgnoreCase));
            yield return new($"{stage.Stage}: throughput (rows/min)", old?.RowsPerMinute, stage.RowsPerMinute, Number, Better.Higher);
            yield return new($"{stage.Stage}: latency p50", old?.P50Seconds, stage.P50Seconds, Latency, Better.Lower);
            yield return new($"{stage.Stage}: latency p90", old?.P90Seconds, stage.P90Seconds, Latency, Better.Lower);
            yield return new($"{stage.Stage}: latency p99", old?.P99Seconds, stage.P99Seconds, Latency, Better.Lower);
            yield return new($"{stage.Stage}: failed share", old?.FailureShare, stage.FailureShare, Percent, Better.Lower);
        }
        if (before.ProjectedRows == after.ProjectedRows && after.ProjectedRows is { } n)
            yield return new($"Projected time for {Count(n)} rows", before.ProjectedSeconds, after.ProjectedSeconds, Duration, Better.Lower);
        yield return new("Fastest concurrency priced", before.RecommendedConcurrency, after.RecommendedConcurrency, v => Count(v), Better.Neither);
        yield return new("CPU per row (core-ms)", before.CpuCoreSecondsPerRow * 1000, after.CpuCoreSecondsPerRow * 1000, Number, Better.Lower);
        yield return new("Peak appliance memory", before.PeakRssBytes, after.PeakRssBytes, Bytes, Better.Lower);
        yield return new("Mean load per core", before.MeanLoadPerCore, after.MeanLoadPerCore, Number, Better.Neither);
    }

    static double? FactorOf(Row r) =>
        r.Before is { } b && r.After is { } a && b != 0 && double.IsFinite(a / b) ? a / b : null;

    static string FactorText(Row r) => FactorOf(r) is { } f ? Factor(f) : Missing;

    static string Reading(Row r)
    {
        if (FactorOf(r) is not { } f || r.Better == Better.Neither)
            return "";
        if (Math.Abs(f - 1) < 0.02)
            return "unchanged";
        var improved = r.Better == Better.Higher ? f > 1 : f < 1;
        var size = f >= 1 ? f : 1 / f;
        return $"{size:0.00}× {(improved ? "better" : "worse")}";
    }

    /// <summary>One sentence for the executive summary: per-stage throughput factors and the projection, side by side.</summary>
    public static string SummarySentence(KeyFigures after, KeyFigures before)
    {
        var parts = new List<string>();
        foreach (var stage in after.Stages)
        {
            var old = before.Stages.FirstOrDefault(s => string.Equals(s.Stage, stage.Stage, StringComparison.OrdinalIgnoreCase));
            if (old?.RowsPerMinute is { } b && stage.RowsPerMinute is { } a && b > 0)
                parts.Add($"{stage.Stage} throughput {Factor(a / b)}");
        }
        var text = $"Compared with baseline run {before.RunId}: " + (parts.Count > 0 ? string.Join(", ", parts) : "no stage rates to compare");
        if (before.ProjectedSeconds is { } pb && after.ProjectedSeconds is { } pa && before.ProjectedRows == after.ProjectedRows)
            text += $"; the projected time for {Count(after.ProjectedRows!.Value)} rows went from {Duration(pb)} to {Duration(pa)}";
        return text + " (each factor on its own; they are not multiplied across stages).";
    }
}
