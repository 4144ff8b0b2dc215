using SkiaSharp;

namespace Appliance.Reports.Pdf;

/// <summary>Headings and word-wrapped paragraphs.</summary>
public static class TextBlock
{
    /// <summary>Splits <paramref name="text"/> into lines no wider than <paramref name="width"/>; explicit newlines are kept.</summary>
    public static IReadOnlyList<string> Wrap(string text, SKFont font, float width)
    {
        var lines = new List<string>();
        foreach (var paragraph in text.Replace("\r\n", "\n").Split('\n'))
        {
            var line = "";
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = line.Length == 0 ? word : line + " " + word;
                if (font.MeasureText(candidate) <= width)
                {
                    line = candidate;
                    continue;
                }
                if (line.Length > 0)
                    lines.Add(line);
                line = word;
                // A word wider than the column (a long URL, an identifier) breaks after a '_', '.', '/' or '-', never
                // mid-word; only a word with none of them is cut where it must be.
                while (font.MeasureText(line) > width && line.Length > 1)
                {
                    var fit = FittingPrefix(line, font, width);
                    var at = line.LastIndexOfAny(BreakAfter, Math.Max(0, fit - 1));
                    var cut = at >= 0 && at + 1 < line.Length ? at + 1 : fit;
                    lines.Add(line[..cut]);
                    line = line[cut..];
                }
            }
            lines.Add(line);
        }
        return lines;
    }

    /// <summary>Characters after which a long identifier may break: "metric_samples" → "metric_" + "samples".</summary>
    static readonly char[] BreakAfter = ['_', '.', '/', '-'];

    /// <summary>The pieces a line may never be broken inside: words, and identifiers' parts between break characters.</summary>
    public static IEnumerable<string> Unbreakable(string text) =>
        text.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries).SelectMany(word =>
        {
            var pieces = new List<string>();
            var start = 0;
            for (var i = 0; i < word.Length; i++)
            {
                if (Array.IndexOf(BreakAfter, word[i]) >= 0)
                {
                    pieces.Add(word[start..(i + 1)]);
                    start = i + 1;
                }
            }
            if (start < word.Length)
                pieces.Add(word[start..]);
            return pieces;
        });

    static int FittingPrefix(string text, SKFont font, float width)
    {
        var n = 1;
        while (n < text.Length && font.MeasureText(text.AsSpan(0, n + 1)) <= width)
            n++;
        return n;
    }

    public static void Heading1(PageLayout layout, string text)
    {
        // A section heading never sits alone at the bottom of a page.
        layout.EnsureRoom(ReportStyle.Heading1Size * 2 + 120);
        if (!layout.AtPageTop)
            layout.Space(10);
        using var font = ReportFonts.Font(ReportStyle.Heading1Size, bold: true);
        Lines(layout, Wrap(text, font, layout.Width), ReportStyle.Heading1Size, bold: true, ReportStyle.Accent);
        layout.Place(8, (canvas, top) =>
        {
            using var rule = ReportStyle.Stroke(ReportStyle.Accent, 1f);
            canvas.DrawLine(layout.Left, top + 1, layout.Right, top + 1, rule);
        });
    }

    public static void Heading2(PageLayout layout, string text)
    {
        layout.EnsureRoom(ReportStyle.Heading2Size * 2 + 90);
        if (!layout.AtPageTop)
            layout.Space(6);
        using var font = ReportFonts.Font(ReportStyle.Heading2Size, bold: true);
        Lines(layout, Wrap(text, font, layout.Width), ReportStyle.Heading2Size, bold: true, ReportStyle.Accent);
        layout.Space(2);
    }

    public static void Paragraph(PageLayout layout, string text, float size = ReportStyle.BodySize, SKColor? color = null)
    {
        using var font = ReportFonts.Font(size);
        Lines(layout, Wrap(text, font, layout.Width), size, bold: false, color ?? ReportStyle.Text);
        layout.Space(size * 0.6f);
    }

    /// <summary>A bulleted list; each item wraps under its own text, not under the bullet.</summary>
    public static void Bullets(PageLayout layout, IEnumerable<string> items, float size = ReportStyle.BodySize)
    {
        using var font = ReportFonts.Font(size);
        var indent = size * 1.4f;
        foreach (var item in items)
        {
            var lines = Wrap(item, font, layout.Width - indent);
            for (var i = 0; i < lines.Count; i++)
            {
                var text = lines[i];
                var first = i == 0;
                Line(layout, size, (canvas, baseline) =>
                {
                    using var f = ReportFonts.Font(size);
                    using var paint = ReportStyle.Fill(ReportStyle.Text);
                    if (first)
                        canvas.DrawText("•", layout.Left + size * 0.3f, baseline, SKTextAlign.Left, f, paint);
                    canvas.DrawText(text, layout.Left + indent, baseline, SKTextAlign.Left, f, paint);
                });
            }
            layout.Space(size * 0.25f);
        }
        layout.Space(size * 0.4f);
    }

    static void Lines(PageLayout layout, IReadOnlyList<string> lines, float size, bool bold, SKColor color)
    {
        foreach (var text in lines)
        {
            Line(layout, size, (canvas, baseline) =>
            {
                using var font = ReportFonts.Font(size, bold);
                using var paint = ReportStyle.Fill(color);
                canvas.DrawText(text, layout.Left, baseline, SKTextAlign.Left, font, paint);
            });
        }
    }

    /// <summary>One line of text: breaks the page first when the line would not fit.</summary>
    static void Line(PageLayout layout, float size, Action<SKCanvas, float> drawAtBaseline)
    {
        var height = size * ReportStyle.LineSpacing;
        layout.EnsureRoom(height);
        layout.Place(height, (canvas, top) => drawAtBaseline(canvas, top + size));
    }
}
