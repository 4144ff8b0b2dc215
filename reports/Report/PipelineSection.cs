using Appliance.Reports.Pdf;
using static Appliance.Reports.Report.ReportFormat;

namespace Appliance.Reports.Report;

/// <summary>Section 4: per stage, what came out, how fast, how long each item took, and why items failed.</summary>
public static class PipelineSection
{
    public const string Title = "4. Pipeline performance";

    public static void Write(ReportContext context)
    {
        var input = context.Input;
        context.Heading1(Title);
        if (input.Stages.Count == 0)
        {
            context.Paragraph("No stage results were recorded for this run.");
            return;
        }
        context.Paragraph("Throughput is the stage's items over its window, from its start to its last item (so it includes fill and drain); " +
            "the capacity model's steady-state rates, with the partial windows cut, are in the method notes. Latency is per item, from the stage's histogram.");
        context.Table(
            [
                new("Stage", 1.2f), new("Items", 1, CellAlign.Right), new("Failed", 1, CellAlign.Right), new("Throughput", 1.6f, CellAlign.Right),
                new("p50", 0.9f, CellAlign.Right), new("p90", 0.9f, CellAlign.Right), new("p99", 0.9f, CellAlign.Right),
            ],
            input.Stages.Select(s => (IReadOnlyList<string>)
            [
                s.Name, Count(s.Total), Count(s.Failed), RowsPerMinute(s.RowsPerMinute),
                Latency(s.P50Seconds), Latency(s.P90Seconds), Latency(s.P99Seconds),
            ]));

        NodesSection.Write(context);
        foreach (var stage in input.Stages)
            WriteStage(context, stage);
    }

    static void WriteStage(ReportContext context, StageResult stage)
    {
        context.Heading2($"Stage: {stage.Name}");
        var rate = stage.RowsPerMinuteLow is { } lo && stage.RowsPerMinuteHigh is { } hi
            ? $"{RowsPerMinute(stage.RowsPerMinute)} (interval {Number(lo)} – {Number(hi)})"
            : RowsPerMinute(stage.RowsPerMinute);
        var pairs = new List<(string, string)> { ("Throughput", rate) };
        pairs.AddRange(stage.Outcomes.Select(o => ($"Items {o.Name}", Count(o.Count))));
        pairs.Add(("Latency p50 / p90 / p99", $"{Latency(stage.P50Seconds)} / {Latency(stage.P90Seconds)} / {Latency(stage.P99Seconds)}"));
        if (stage.Concurrency is { } n)
            pairs.Add(("Concurrency (in-flight limit)", n.ToString()));
        context.KeyValues(pairs);

        var input = context.Input;
        var figures = new List<Figure>();
        if (input.Samples.Count > 1 && StageSeries.KnownStages.Contains(stage.Name.ToLowerInvariant()))
        {
            var (from, to) = StageSeries.ActiveWindow(input.Samples, stage.Name);
            var rates = StageSeries.RatePerMinute(input.Samples, stage.Name);
            var series = new ChartSeries(stage.Name, context.Seconds.Skip(from).Take(to - from + 1).ToList(), rates.Skip(from).Take(to - from + 1).ToList());
            figures.Add(new Figure(Charts.TimeSeries("Rows per minute", [series], context.TimeAxis),
                $"{Capitalise(stage.Name)}: throughput over time (completions per minute, 5-second trailing average)."));
        }
        if (stage.Histogram.Count > 0)
            figures.Add(new Figure(Charts.Histogram("Latency, upper bound of bucket (s)",
                    stage.Histogram.Select(b => (b.UpperBoundSeconds, b.Count)).ToList(),
                    b => b.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)),
                $"{Capitalise(stage.Name)}: latency histogram (items per bucket)."));
        if (figures.Count > 0)
            context.FigureRow(figures, height: 150f);
        if (input.Samples.Count <= 1)
            context.Paragraph($"Too few samples were recorded to show {stage.Name} throughput over time.");
        if (stage.Histogram.Count == 0)
            context.Paragraph($"No latency histogram was recorded for {stage.Name}.");

        var outcomes = stage.Outcomes.Count > 0
            ? new Figure(Charts.Bars("Items", stage.Outcomes.Select(o => (o.Name, (double)o.Count)).ToList()),
                $"{Capitalise(stage.Name)}: items by outcome.")
            : null;

        if (stage.FailuresByReason.Count == 0)
        {
            if (outcomes is not null)
                context.FigureRow([outcomes], height: 130f);
            context.Paragraph(stage.Total > 0 ? $"No {stage.Name} item failed." : $"No {stage.Name} items were processed.");
            return;
        }
        var failures = stage.FailuresByReason.OrderByDescending(f => f.Count).ToList();
        var failureChart = new Figure(Charts.Bars("Items", failures.Select(f => (f.Name, (double)f.Count)).ToList(), horizontal: true),
            $"{Capitalise(stage.Name)}: failures by reason.");
        context.FigureRow(outcomes is null ? [failureChart] : [outcomes, failureChart], height: 130f);
        context.Table([new("Reason", 3f), new("Items", 1, CellAlign.Right), new("Share of failures", 1.2f, CellAlign.Right)],
            failures.Select(f => (IReadOnlyList<string>)[f.Name, Count(f.Count), Percent((double)f.Count / stage.Failed)]));
    }

    static string Capitalise(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
