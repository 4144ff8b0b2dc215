using Appliance.Reports.Capacity;
using Appliance.Reports.Pdf;
using static Appliance.Reports.Report.ReportFormat;

namespace Appliance.Reports.Report;

/// <summary>Section 3: the settings that would shorten the projection most, each with its configuration key and its projected time.</summary>
public static class WhatToChangeSection
{
    public const string Title = "3. What to change";

    public static void Write(ReportContext context)
    {
        var input = context.Input;
        context.Heading1(Title);
        if (input.Model is not { } model || input.Projection is not { } asRun)
        {
            context.Paragraph("The capacity model's inputs were not available, so no change could be priced.");
            return;
        }
        var changes = WhatToChange.Rank(model, asRun.Rows, input.Scalability, input.Llm);
        context.Paragraph($"Each row changes one setting and projects {Count(asRun.Rows)} rows again with the capacity model; the fastest comes first, " +
            "so the change that relieves the binding constraint leads. \"Limited by\" is what bounds the time after the change.");
        var rows = new List<IReadOnlyList<string>> { Row("As run (no change)", "—", "—", asRun, Limit(asRun)) };
        rows.AddRange(changes.Select(c => Row(c.What, c.Key, c.Value, c.Projection, c.LimitedBy)));
        if (WhatToChange.At(model, asRun.Rows, input.CustomerConcurrency) is { } old)
            rows.Add(Row($"The customer's old settings (4 workers × 8)", "Scrape:Concurrency, Generate:Concurrency", $"{input.CustomerConcurrency}", old, Limit(old)));
        context.Table(
            [new("Change", 2.2f), new("Configuration key", 2f), new("Value", 0.7f), new($"{Count(asRun.Rows)} rows", 1.3f, CellAlign.Right),
             new("90 % interval", 2.6f, CellAlign.Right), new("Limited by", 1.9f)],
            rows);
        if (changes.Count == 0)
            context.Paragraph($"None of the changes priced (each stage's in-flight limit ×2 and ×4, twice the cores, twice the LLM limits) shortens the " +
                $"projection by {Percent(WhatToChange.MinimumGain)} or more." +
                (input.Scalability.All(s => s.Fit is null) ? " Without a concurrency sweep the model does not credit more concurrency, so a sweep may still find a gain." : ""));
        WriteByCores(context, model, asRun);
    }

    /// <summary>The run priced on hosts of 1 to 8 cores: the utilization law moves the CPU bound; the in-flight, LLM and database bounds stay.</summary>
    static void WriteByCores(ReportContext context, ProjectionInput model, ProjectionResult asRun)
    {
        var byCores = WhatToChange.ByCores(model, asRun.Rows);
        if (byCores.Count == 0)
            return;
        context.Heading2("By core count");
        context.Paragraph($"The same run projected on a host with 1 to 8 cores, every other setting as run (this host: {context.Input.Host.Cores}). " +
            "More cores raise only the CPU bound; where another limit binds instead (the in-flight limits, the LLM account, the database), " +
            "more cores stop helping, and \"Limited by\" names it.");
        context.Table(
            [new("Cores", 0.8f, CellAlign.Right), new($"{Count(asRun.Rows)} rows", 1.3f, CellAlign.Right), new("90 % interval", 2.6f, CellAlign.Right), new("Limited by", 2.2f)],
            [.. byCores.Select(c => (IReadOnlyList<string>)[$"{c.Cores}", Duration(c.Projection.SecondsExpected),
                $"{Duration(c.Projection.SecondsLow)} – {Duration(c.Projection.SecondsHigh)}", Limit(c.Projection)])]);
    }

    static IReadOnlyList<string> Row(string what, string key, string value, Capacity.ProjectionResult p, string limit) =>
        [what, key, value, Duration(p.SecondsExpected), $"{Duration(p.SecondsLow)} – {Duration(p.SecondsHigh)}", limit];

    static string Limit(Capacity.ProjectionResult p) =>
        p.Stages.FirstOrDefault(s => s.Stage == p.Bottleneck) is { } b ? $"{b.Stage}: {b.Limit}" : p.Bottleneck;
}
