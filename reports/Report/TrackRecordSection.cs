using Appliance.Reports.Pdf;
using static Appliance.Reports.Report.ReportFormat;

namespace Appliance.Reports.Report;

/// <summary>Section 10: how the model's earlier projections compared with what those runs then took.</summary>
public static class TrackRecordSection
{
    public const string Title = "10. Track record";

    public static void Write(ReportContext context)
    {
        var rows = context.Input.TrackRecord;
        context.Heading1(Title);
        if (rows.Count == 0)
        {
            context.Paragraph("There is no track record yet: no earlier projection has been set against the run it projected. " +
                "Until there is, the interval above is the model's own estimate of its uncertainty, not a tested one.");
            return;
        }
        var inside = rows.Count(r => r.Inside);
        context.Paragraph($"{inside} of {rows.Count} back-tested runs finished inside their projection's 90 % interval; " +
            $"the median error was {Percent(rows.Select(r => Math.Abs(r.ErrorShare)).Order().ElementAt(rows.Count / 2))}.");
        context.Table(
            [new("Setup", 1.8f), new("Rows", 1f, CellAlign.Right), new("Projected", 1.1f, CellAlign.Right), new("90 % interval", 1.8f, CellAlign.Right),
             new("Actual", 1.1f, CellAlign.Right), new("Error", 0.8f, CellAlign.Right), new("Host", 0.8f, CellAlign.Right), new("Inside", 0.7f)],
            rows.Select(r => (IReadOnlyList<string>)
            [
                r.Setup, Count(r.Rows), Duration(r.ProjectedSeconds), $"{Duration(r.LowSeconds)} – {Duration(r.HighSeconds)}",
                Duration(r.ActualSeconds), Percent(r.ErrorShare), r.HostSlower is { } h ? (h > 0 ? "+" : "") + Percent(h) : Missing, r.Inside ? "yes" : "no",
            ]));
        if (rows.Any(r => r.HostSlower is not null))
        {
            context.Paragraph("Host: how much more CPU the same fixed work took during the run than during its basis (+10 %: the host ran 10 % slower). " +
                "Where the cores bind, a slower host makes the run longer, often by more than this figure (it flags a slow phase, it does not size it); no sample can foresee it.");
        }
    }
}
