using SkiaSharp;

namespace Appliance.Reports.Pdf;

/// <summary>What every page carries: the running header (left and right) and the document's metadata.</summary>
public sealed record PageFurniture(string Title, string HeaderLeft, string HeaderRight, DateTime CreatedUtc);

/// <summary>
/// Writes laid-out pages to a PDF through Skia: the running header, each page's content, and "page N of M".
/// </summary>
public static class PdfDocumentWriter
{
    public static void Write(PageLayout layout, PageFurniture furniture, Stream output)
    {
        var metadata = new SKDocumentPdfMetadata
        {
            Title = furniture.Title,
            Creator = "Appliance",
            Producer = "Appliance (SkiaSharp PDF)",
            Creation = furniture.CreatedUtc,
            Modified = furniture.CreatedUtc,
            // Nothing is rasterised on purpose; this only bounds what Skia would do with an effect it cannot express.
            RasterDpi = 150,
        };
        using var document = SKDocument.CreatePdf(output, metadata)
            ?? throw new InvalidOperationException("SkiaSharp could not create a PDF document.");

        var pages = layout.Pages;
        for (var i = 0; i < pages.Count; i++)
        {
            var canvas = document.BeginPage(PageLayout.A4Width, PageLayout.A4Height);
            DrawHeader(canvas, layout, furniture);
            foreach (var draw in pages[i])
                draw(canvas);
            DrawFooter(canvas, layout, i + 1, pages.Count);
            document.EndPage();
        }
        document.Close();
    }

    static void DrawHeader(SKCanvas canvas, PageLayout layout, PageFurniture furniture)
    {
        using var font = ReportFonts.Font(ReportStyle.SmallSize);
        using var ink = ReportStyle.Fill(ReportStyle.Muted);
        var baseline = layout.Top - 16;
        canvas.DrawText(furniture.HeaderLeft, layout.Left, baseline, SKTextAlign.Left, font, ink);
        canvas.DrawText(furniture.HeaderRight, layout.Right, baseline, SKTextAlign.Right, font, ink);
        using var rule = ReportStyle.Stroke(ReportStyle.Rule);
        canvas.DrawLine(layout.Left, baseline + 5, layout.Right, baseline + 5, rule);
    }

    static void DrawFooter(SKCanvas canvas, PageLayout layout, int page, int pageCount)
    {
        using var font = ReportFonts.Font(ReportStyle.SmallSize);
        using var ink = ReportStyle.Fill(ReportStyle.Muted);
        var baseline = layout.Bottom + 20;
        canvas.DrawText($"Page {page} of {pageCount}", (layout.Left + layout.Right) / 2, baseline, SKTextAlign.Center, font, ink);
    }
}
