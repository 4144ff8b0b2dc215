using Appliance.Reports.Pdf;
using static Appliance.Reports.Report.ReportFormat;

namespace Appliance.Reports.Report;

/// <summary>
/// The capacity report as a PDF: the answer, verdicts and changes first, then the sections of the customer's own report, every figure from the input.
/// </summary>
public static class CapacityReport
{
    public static IReadOnlyList<string> SectionTitles(ReportInput input) =>
    [
        ExecutiveSummarySection.Title, VerdictsSection.Title, WhatToChangeSection.Title, HostSection.Title, StackSection.Title,
        PipelineSection.Title, ScalabilitySection.Title, ResourcesSection.Title(input), CostSection.Title, TrackRecordSection.Title,
        ComparisonSection.Title, MethodSection.Title,
    ];

    public static void Write(ReportInput input, Stream output)
    {
        ReportFonts.EnsureRegistered();
        var layout = new PageLayout();
        var context = new ReportContext(layout, input);

        WriteTitle(context);
        ExecutiveSummarySection.Write(context);
        VerdictsSection.Write(context);
        WhatToChangeSection.Write(context);
        HostSection.Write(context);
        StackSection.Write(context);
        PipelineSection.Write(context);
        ScalabilitySection.Write(context);
        ResourcesSection.Write(context);
        CostSection.Write(context);
        TrackRecordSection.Write(context);
        ComparisonSection.Write(context);
        MethodSection.Write(context);

        var furniture = new PageFurniture(
            Title: $"Capacity report: run {input.Run.Id} on {input.Host.Hostname}",
            HeaderLeft: $"Capacity report · {input.Host.Hostname}",
            HeaderRight: $"Run {input.Run.Id} · {DateTimeUtc(input.Run.StartedUtc)}",
            CreatedUtc: input.Run.FinishedUtc ?? input.Run.StartedUtc);
        PdfDocumentWriter.Write(layout, furniture, output);
    }

    static void WriteTitle(ReportContext context)
    {
        var input = context.Input;
        var layout = context.Layout;
        layout.Place(30, (canvas, top) =>
        {
            using var font = ReportFonts.Font(22, bold: true);
            using var ink = ReportStyle.Fill(ReportStyle.Text);
            canvas.DrawText("Capacity report", layout.Left, top + 22, SkiaSharp.SKTextAlign.Left, font, ink);
        });
        TextBlock.Paragraph(layout, $"Run {input.Run.Id} on {input.Host.Hostname}, {DateTimeUtc(input.Run.StartedUtc)}" +
            (input.Run.FileName is null ? "" : $", file {input.Run.FileName}") + ".", ReportStyle.BodySize + 1, ReportStyle.Muted);
        layout.Space(6);
    }
}
