using Appliance.Reports.Capacity;
using Appliance.Reports.Pdf;
using static Appliance.Reports.Report.ReportFormat;

namespace Appliance.Reports.Report;

/// <summary>Section 1: the answer first, in sentences written from the numbers.</summary>
public static class ExecutiveSummarySection
{
    public const string Title = "1. Executive summary";

    public static void Write(ReportContext context)
    {
        var input = context.Input;
        context.Heading1(Title);
        foreach (var sentence in Sentences(input))
            context.Paragraph(sentence);

        var rows = new List<(string, string)>
        {
            ("Rows in this run", Count(input.Run.Rows)),
            ("Wall-clock time", Duration(input.Run.SecondsWall)),
        };
        if (input.Projection is { } p)
        {
            rows.Add(($"Projected time for {Count(p.Rows)} rows", Interval(p.SecondsExpected, p.SecondsLow, p.SecondsHigh)));
            rows.Add(("Bottleneck", p.Bottleneck));
            rows.Add(("Recommended concurrency", p.RecommendedConcurrency?.ToString() ?? Missing));
        }
        foreach (var stage in input.Stages)
            rows.Add(($"Throughput, {stage.Name}", RowsPerMinute(stage.RowsPerMinute)));
        context.KeyValues(rows);
    }

    /// <summary>"3 h 26 min (3 h 05 min – 3 h 50 min)".</summary>
    public static string Interval(double expected, double? low, double? high) =>
        low is { } l && high is { } h ? $"{Duration(expected)} ({Duration(l)} – {Duration(h)})" : Duration(expected);

    public static IReadOnlyList<string> Sentences(ReportInput input)
    {
        var sentences = new List<string>();
        var run = input.Run;
        var source = run.FileName is null ? "" : $" from {run.FileName}";
        sentences.Add(run.SecondsWall is { } wall
            ? $"Run {run.Id} processed {Count(run.Rows)} rows{source} in {Duration(wall)} on {input.Host.Hostname} ({input.Host.Cores} cores), starting {DateTimeUtc(run.StartedUtc)}."
            : $"Run {run.Id} started {DateTimeUtc(run.StartedUtc)} on {input.Host.Hostname} with {Count(run.Rows)} rows{source}; it had not finished when this report was written.");

        if (input.Projection is { } p)
        {
            sentences.Add($"Processing {Count(p.Rows)} rows on this host is projected to take {Duration(p.SecondsExpected)} (between {Duration(p.SecondsLow)} and {Duration(p.SecondsHigh)}).");
            sentences.Add($"The bottleneck is the {p.Bottleneck} stage: {Sentence(p.Reason)}");
            sentences.Add(ConcurrencySentence(input, p));
        }
        else
        {
            sentences.Add("No projection was computed for this run, so the report gives measured rates only.");
        }

        var rates = input.Stages.Where(s => s.RowsPerMinute is not null).Select(s => $"{s.Name} {RowsPerMinute(s.RowsPerMinute)}").ToList();
        if (rates.Count > 0)
            sentences.Add($"Measured steady-state throughput: {string.Join(", ", rates)}.");

        foreach (var stage in input.Stages.Where(s => s.Failed > 0 && s.Total > 0))
        {
            var top = stage.FailuresByReason.MaxBy(f => f.Count)!;
            sentences.Add($"{Capitalise(stage.Name)} failed for {Count(stage.Failed)} of {Count(stage.Total)} items ({Percent((double)stage.Failed / stage.Total)}), most often \"{top.Name}\".");
        }

        if (input.Baseline is { } baseline)
            sentences.Add(ComparisonSection.SummarySentence(KeyFigures.From(input), baseline));

        if (run.UsesLabWeb || run.UsesLabLlm)
            sentences.Add(LabSentence(run));
        return sentences;
    }

    static string ConcurrencySentence(ReportInput input, ProjectionResult p)
    {
        var customer = input.ByConcurrency.FirstOrDefault(c => c.Concurrency == input.CustomerConcurrency)?.Projection;
        var recommended = input.ByConcurrency.FirstOrDefault(c => c.Concurrency == p.RecommendedConcurrency)?.Projection;
        if (p.RecommendedConcurrency is not { } rec)
            return "No recommended concurrency could be derived (no usable concurrency sweep).";
        if (customer is null || recommended is null || rec == input.CustomerConcurrency)
            return $"The recommended concurrency is {rec}.";
        var ratio = customer.SecondsExpected / recommended.SecondsExpected;
        var comparison = Math.Abs(ratio - 1) < 0.02
            ? "about the same time"
            : ratio > 1 ? $"{Percent(ratio - 1)} longer" : $"{Percent(1 - ratio)} shorter";
        return $"The recommended concurrency is {rec} ({Duration(recommended.SecondsExpected)}); the customer's current setting of {input.CustomerConcurrency} would take {Duration(customer.SecondsExpected)}, {comparison}.";
    }

    public static string LabSentence(RunInfo run)
    {
        var what = (run.UsesLabWeb, run.UsesLabLlm) switch
        {
            (true, true) => "the websites and the LLM were simulated by the appliance's lab",
            (true, false) => "the websites were simulated by the appliance's lab web server",
            _ => "the LLM was simulated by the appliance's lab LLM",
        };
        return $"This was a lab run: {what}, so network and model latencies are the lab's configured ones, not the internet's.";
    }

    static string Sentence(string text) => text.TrimEnd().EndsWith('.') ? text.TrimEnd() : text.TrimEnd() + ".";
    static string Capitalise(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
