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
            if (Best(input) is { } best)
                rows.Add(("Fastest concurrency priced", $"{best.Concurrency} ({Duration(best.Projection.SecondsExpected)})"));
        }
        foreach (var stage in input.Stages)
            rows.Add(($"Rate, {stage.Name}", StageRate(stage)));
        context.KeyValues(rows);
    }

    /// <summary>"3 h 26 min (3 h 05 min – 3 h 50 min)".</summary>
    public static string Interval(double expected, double? low, double? high) =>
        low is { } l && high is { } h ? $"{Duration(expected)} ({Duration(l)} – {Duration(h)})" : Duration(expected);

    /// <summary>The concurrency with the shortest projected time among those priced (both stages set to it).</summary>
    public static ConcurrencyProjection? Best(ReportInput input) => input.ByConcurrency.MinBy(c => c.Projection.SecondsExpected);

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
            sentences.Add($"Processing {Count(p.Rows)} rows on this host is projected to take {Duration(p.SecondsExpected)} (90 % interval {Duration(p.SecondsLow)} to {Duration(p.SecondsHigh)}).");
            var limit = p.Stages.FirstOrDefault(x => x.Stage == p.Bottleneck)?.Limit;
            sentences.Add($"The bottleneck is the {p.Bottleneck} stage" + (limit is null ? "." : $", limited by its {limit}.") +
                " How the projection is computed is in the method section.");
            sentences.Add(ConcurrencySentence(input));
        }
        else
        {
            sentences.Add("No projection was computed for this run, so the report gives measured rates only.");
        }

        var rates = input.Stages.Select(s => $"{s.Name} {StageRate(s)}").ToList();
        if (rates.Count > 0)
            sentences.Add($"Each stage's rate (its steady rate with the 90 % interval, defined in the method section): {string.Join("; ", rates)}.");

        var verdicts = Verdicts.From(input);
        if (input.Samples.Count > 0)
        {
            sentences.Add(string.Join(" ", new[] { VerdictState.Saturated, VerdictState.Headroom, VerdictState.NotMeasured }
                .Select(state => (state, names: verdicts.Where(v => v.State == state).Select(v => v.Resource).ToList()))
                .Where(x => x.names.Count > 0)
                .Select(x => $"{Capitalise(verdicts.First(v => v.State == x.state).StateText)}: {string.Join(", ", x.names)}.")));
        }

        foreach (var stage in input.Stages.Where(s => s.Failed > 0 && s.Total > 0))
        {
            var top = stage.FailuresByReason.MaxBy(f => f.Count)!;
            sentences.Add(PipelineSection.Rejects(stage)
                ? $"Ingest rejected {Count(stage.Failed)} of {Count(stage.Total)} rows ({Percent((double)stage.Failed / stage.Total)}), most often \"{top.Name}\"; each is listed with its row number and reason on the upload's page."
                : $"{Capitalise(stage.Name)} failed for {Count(stage.Failed)} of {Count(stage.Total)} items ({Percent((double)stage.Failed / stage.Total)}), most often \"{top.Name}\".");
        }

        if (input.Baseline is { } baseline)
            sentences.Add(ComparisonSection.SummarySentence(KeyFigures.From(input), baseline));

        if (run.UsesLabWeb || run.UsesLabLlm)
            sentences.Add(LabSentence(run));
        return sentences;
    }

    static string ConcurrencySentence(ReportInput input)
    {
        var customer = input.ByConcurrency.FirstOrDefault(c => c.Concurrency == input.CustomerConcurrency)?.Projection;
        if (Best(input) is not { } best)
            return "No concurrency could be recommended: without a concurrency sweep the model does not credit more concurrency.";
        if (customer is null || best.Concurrency == input.CustomerConcurrency)
            return $"Of the concurrencies priced, {best.Concurrency} in flight per stage is the fastest ({Duration(best.Projection.SecondsExpected)}).";
        var ratio = customer.SecondsExpected / best.Projection.SecondsExpected;
        var comparison = Math.Abs(ratio - 1) < 0.02 ? "about the same time" : ratio >= 2 ? $"{Number(ratio)} times as long" : $"{Percent(ratio - 1)} longer";
        return $"Of the concurrencies priced, {best.Concurrency} in flight per stage is the fastest ({Duration(best.Projection.SecondsExpected)}); " +
            $"the customer's old setting of {input.CustomerConcurrency} (4 workers × 8) would take {Duration(customer.SecondsExpected)}, {comparison}.";
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

    static string Capitalise(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
