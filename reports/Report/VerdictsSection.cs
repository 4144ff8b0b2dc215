namespace Appliance.Reports.Report;

/// <summary>Section 2: for each resource, saturated, headroom or not measured, with the figures and the window it rests on.</summary>
public static class VerdictsSection
{
    public const string Title = "2. Verdicts";

    public static void Write(ReportContext context)
    {
        // The heading, its paragraph and the six-row table on one page: a verdict read apart from its heading is lost.
        context.Layout.EnsureRoom(330);
        context.Heading1(Title);
        if (context.Input.Samples.Count == 0)
        {
            context.Paragraph("No host samples were recorded for this run, so no resource can be judged.");
            return;
        }
        var verdicts = Verdicts.From(context.Input);
        context.Paragraph($"Judged over the seconds in which scrape or generate finished work: {verdicts[0].Window}. Saturated means busy near " +
            "its limit or tasks waiting for it; headroom means neither; not measured means this run cannot tell, and says why.");
        context.Table([new("Resource", 1.1f), new("Verdict", 1f), new("Evidence", 5f)],
            verdicts.Select(v => (IReadOnlyList<string>)[v.Resource, v.StateText, v.Evidence]));
    }
}
