using Appliance.Reports.Pdf;
using static Appliance.Reports.Report.ReportFormat;

namespace Appliance.Reports.Report;

/// <summary>Section 4: per stage, what came out, how fast, how long each item took, and why items failed.</summary>
public static class PipelineSection
{
    public const string Title = "6. Pipeline performance";

    public static void Write(ReportContext context)
    {
        var input = context.Input;
        context.Heading1(Title);
        if (input.Stages.Count == 0)
        {
            context.Paragraph("No stage results were recorded for this run.");
            return;
        }
        context.Paragraph("The rate is each stage's steady rate with its 90 % interval (defined in the method section). Latency is per item: " +
            "the time one fetch or one LLM call took.");
        context.Table(
            [
                new("Stage", 1f), new("Items", 0.9f, CellAlign.Right), new("Failed", 0.8f, CellAlign.Right), new("Rejected", 0.9f, CellAlign.Right),
                new("Rate", 3.3f, CellAlign.Right), new("p50", 0.8f, CellAlign.Right), new("p90", 0.8f, CellAlign.Right), new("p99", 0.8f, CellAlign.Right),
            ],
            input.Stages.Select(s => (IReadOnlyList<string>)
            [
                s.Name, Count(s.Total), Rejects(s) ? Missing : Count(s.Failed), Rejects(s) ? Count(Math.Max(s.Rejected, s.Failed)) : Missing, StageRate(s),
                Latency(s.P50Seconds), Latency(s.P90Seconds), Latency(s.P99Seconds),
            ]));

        NodesSection.Write(context);
        foreach (var stage in input.Stages)
            WriteStage(context, stage);
    }

    static void WriteStage(ReportContext context, StageResult stage)
    {
        context.Heading2($"Stage: {stage.Name}");
        var pairs = new List<(string, string)> { ("Rate", StageRate(stage)) };
        pairs.AddRange(stage.Outcomes.Select(o => ($"Items {o.Name}", Count(o.Count))));
        if (stage.P50Seconds is not null)
            pairs.Add(("Latency p50 / p90 / p99", $"{Latency(stage.P50Seconds)} / {Latency(stage.P90Seconds)} / {Latency(stage.P99Seconds)}"));
        if (stage.Concurrency is { } n)
            pairs.Add(("Concurrency (in-flight limit)", n.ToString()));
        context.KeyValues(pairs);

        var input = context.Input;
        var figures = new List<Figure>();
        var charted = input.Samples.Count > 1 && StageSeries.KnownStages.Contains(stage.Name.ToLowerInvariant()) &&
            (stage.SpanSeconds is not { } span || span >= ShortestRateSpan);
        if (charted)
        {
            var (from, to) = StageSeries.ActiveWindow(input.Samples, stage.Name);
            var rates = StageSeries.RatePerMinute(input.Samples, stage.Name);
            var series = new ChartSeries(stage.Name, context.Seconds.Skip(from).Take(to - from + 1).ToList(), rates.Skip(from).Take(to - from + 1).ToList());
            figures.Add(new Figure(Charts.TimeSeries("Rows per minute", [series], context.TimeAxis),
                $"{Capitalise(stage.Name)}: rows finished per minute over time (a 5-second trailing average, not the steady rate)."));
        }
        if (stage.Histogram.Any(b => b.Count > 0))
            figures.Add(new Figure(Charts.Histogram("Latency (upper bound of bucket, log scale)",
                    stage.Histogram.Select(b => (b.UpperBoundSeconds, b.Count)).ToList(), b => Latency(b)),
                $"{Capitalise(stage.Name)}: latency histogram (items per bucket)."));
        if (figures.Count > 0)
            context.FigureRow(figures, height: 150f);
        if (input.Samples.Count <= 1)
            context.Paragraph($"Too few samples were recorded to show {stage.Name} throughput over time.");
        else if (!charted)
            context.Paragraph($"{Capitalise(stage.Name)} was over in {Latency(stage.SpanSeconds)}: too short for a chart over time.");
        if (!stage.Histogram.Any(b => b.Count > 0))
            context.Paragraph(stage.Name == "ingest" ? "Ingest loads rows in bulk, so it has no per-item latency." : $"No latency histogram was recorded for {stage.Name}.");

        // One bar is a sentence, not a chart.
        var outcomes = stage.Outcomes.Count(o => o.Count > 0) > 1
            ? new Figure(Charts.Bars("Items", stage.Outcomes.Select(o => (o.Name, (double)o.Count)).ToList()),
                $"{Capitalise(stage.Name)}: items by outcome.")
            : null;

        if (stage.FailuresByReason.Count == 0)
        {
            if (outcomes is not null)
                context.FigureRow([outcomes], height: 130f);
            context.Paragraph(stage.Total == 0 ? $"No {stage.Name} items were processed."
                : stage.Rejected > 0 ? $"No {stage.Name} item failed; {Count(stage.Rejected)} rows were rejected (each listed with its row number and reason on the upload's page)."
                : $"No {stage.Name} item failed: " + string.Join(", ", stage.Outcomes.Select(o => $"{Count(o.Count)} {o.Name}")) + ".");
            return;
        }
        var failures = stage.FailuresByReason.OrderByDescending(f => f.Count).ToList();
        var what = Rejects(stage) ? "rejected rows" : "failures";
        var failureChart = new Figure(Charts.Bars("Items", failures.Select(f => (f.Name, (double)f.Count)).ToList(), horizontal: true),
            $"{Capitalise(stage.Name)}: {what} by reason" + (Rejects(stage) ? " (each listed with its row number on the upload's page)." : "."));
        context.FigureRow(outcomes is null ? [failureChart] : [outcomes, failureChart], height: 130f);
        context.Table([new("Reason", 3f), new("Items", 1, CellAlign.Right), new($"Share of {what}", 1.2f, CellAlign.Right)],
            failures.Select(f => (IReadOnlyList<string>)[f.Name, Count(f.Count), Percent((double)f.Count / stage.Failed)]));
    }

    /// <summary>Ingest's only way not to load a row is to reject it (bad URL, malformed row): its reasons are rejections, not failures.</summary>
    public static bool Rejects(StageResult stage) => stage.Name == "ingest";

    static string Capitalise(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
