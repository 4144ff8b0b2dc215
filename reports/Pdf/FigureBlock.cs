using SkiaSharp;

namespace Appliance.Reports.Pdf;

/// <summary>A chart and its caption.</summary>
public sealed record Figure(ScottPlot.Plot Plot, string Caption);

/// <summary>
/// ScottPlot charts drawn as vectors into the page, each with a caption under it; a figure never breaks across pages.
/// Several figures can share a row (two small charts side by side).
/// </summary>
public static class FigureBlock
{
    const float Gutter = 14f;

    public static void Draw(PageLayout layout, ScottPlot.Plot plot, string caption, float height = 200f) =>
        DrawRow(layout, [new Figure(plot, caption)], height);

    public static void DrawRow(PageLayout layout, IReadOnlyList<Figure> figures, float height = 180f)
    {
        if (figures.Count == 0)
            return;
        var width = (layout.Width - Gutter * (figures.Count - 1)) / figures.Count;
        using var font = ReportFonts.Font(ReportStyle.SmallSize);
        var captions = figures.Select(f => TextBlock.Wrap(f.Caption, font, width)).ToList();
        var lineHeight = ReportStyle.SmallSize * ReportStyle.LineSpacing;
        var captionHeight = captions.Max(c => c.Count) * lineHeight;
        layout.EnsureRoom(height + 4 + captionHeight);

        var left = layout.Left;
        layout.Place(height + 4 + captionHeight, (canvas, top) =>
        {
            for (var i = 0; i < figures.Count; i++)
            {
                var x = left + i * (width + Gutter);
                // ScottPlot renders twice on a plot's first render (the second with the settled layout); on a PDF page
                // both would stay, doubling every label. Settle it on a canvas that draws nothing.
                using (var settle = new SKNoDrawCanvas((int)width, (int)height))
                    figures[i].Plot.Render(settle, (int)width, (int)height);
                // ScottPlot draws from (0,0); translate and clip so each chart lands in its own box.
                canvas.Save();
                canvas.Translate(x, top);
                canvas.ClipRect(new SKRect(0, 0, width, height));
                figures[i].Plot.Render(canvas, (int)width, (int)height);
                canvas.Restore();

                using var f = ReportFonts.Font(ReportStyle.SmallSize);
                using var paint = ReportStyle.Fill(ReportStyle.Muted);
                var baseline = top + height + 4 + ReportStyle.SmallSize;
                foreach (var line in captions[i])
                {
                    canvas.DrawText(line, x, baseline, SKTextAlign.Left, f, paint);
                    baseline += lineHeight;
                }
            }
        });
        layout.Space(ReportStyle.BodySize);
    }
}
