using SkiaSharp;

namespace Appliance.Reports.Pdf;

public enum CellAlign { Left, Right }

/// <summary>A table column: header text, share of the table width, alignment (numbers right-aligned).</summary>
public sealed record TableColumn(string Header, float Weight = 1f, CellAlign Align = CellAlign.Left);

/// <summary>
/// A table whose cells wrap and whose rows flow across pages; the header row is repeated at the top of each page.
/// </summary>
public static class TableBlock
{
    public const float PadX = 4f;
    const float PadY = 3f;
    const float KeepTogetherShare = 0.3f;

    public static void Draw(
        PageLayout layout,
        IReadOnlyList<TableColumn> columns,
        IEnumerable<IReadOnlyList<string>> rows,
        bool showHeader = true,
        bool boldFirstColumn = false,
        float size = ReportStyle.TableSize)
    {
        using var font = ReportFonts.Font(size);
        using var boldFont = ReportFonts.Font(size, bold: true);
        var list = rows.ToList();
        var widths = ColumnWidths(layout.Width, columns, list, font, boldFont, showHeader);

        var header = showHeader ? Measure(columns.Select(c => c.Header).ToList(), widths, boldFont, size) : null;
        var materialised = list.Select(r => Measure(r, widths, font, size, boldFirstColumn ? boldFont : null)).ToList();

        // A short table stays on one page; a long one keeps its header with at least the first row.
        var total = (header?.Height ?? 0) + materialised.Sum(r => r.Height);
        var firstRow = materialised.Count > 0 ? materialised[0].Height : 0;
        layout.EnsureRoom(total <= (layout.Bottom - layout.Top) * KeepTogetherShare ? total : (header?.Height ?? 0) + firstRow);
        if (header is not null)
            PlaceRow(layout, header, widths, columns, size, isHeader: true, stripe: false, boldFirst: false);

        for (var i = 0; i < materialised.Count; i++)
        {
            var row = materialised[i];
            if (row.Height > layout.Remaining && !layout.AtPageTop)
            {
                layout.NewPage();
                if (header is not null)
                    PlaceRow(layout, header, widths, columns, size, isHeader: true, stripe: false, boldFirst: false);
            }
            PlaceRow(layout, row, widths, columns, size, isHeader: false, stripe: i % 2 == 1, boldFirst: boldFirstColumn);
        }
        layout.Space(size);
    }

    /// <summary>The height of a row of one line, for callers that keep a short table with what precedes it.</summary>
    public static float RowHeight(float size) => size * 1.25f + 2 * PadY;

    /// <summary>
    /// Widths by weight, then widened so no column is narrower than its widest word ("Generated" never wraps as
    /// "Generate/d"): the width a narrow column needs is taken from the columns with room to spare.
    /// </summary>
    static float[] ColumnWidths(float total, IReadOnlyList<TableColumn> columns, IReadOnlyList<IReadOnlyList<string>> rows,
        SKFont font, SKFont bold, bool showHeader)
    {
        var sum = columns.Sum(c => c.Weight);
        var widths = columns.Select(c => total * c.Weight / sum).ToArray();
        var needed = columns.Select((c, i) =>
        {
            var cells = rows.Select(r => i < r.Count ? r[i] : "").SelectMany(t => Words(t, font, total)).Select(w => font.MeasureText(w));
            var header = showHeader ? Words(c.Header, bold, total).Select(w => bold.MeasureText(w)) : [];
            return cells.Concat(header).DefaultIfEmpty(0).Max() + 2 * PadX + 1;
        }).ToArray();
        var deficit = widths.Select((w, i) => Math.Max(0, needed[i] - w)).Sum();
        var slack = widths.Select((w, i) => Math.Max(0, w - needed[i])).Sum();
        if (deficit <= 0 || slack <= 0)
            return widths;
        var share = Math.Min(1, deficit / slack);
        return widths.Select((w, i) => w < needed[i] ? Math.Min(needed[i], w + Math.Max(0, needed[i] - w) * Math.Min(1, slack / deficit)) : w - (w - needed[i]) * share).ToArray();
    }

    /// <summary>The words a column must fit whole; a word wider than 40 % of the table counts by its parts between break characters.</summary>
    static IEnumerable<string> Words(string text, SKFont font, float total) =>
        text.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(w => font.MeasureText(w) > 0.4f * total ? TextBlock.Unbreakable(w) : [w]);

    sealed record MeasuredRow(IReadOnlyList<IReadOnlyList<string>> Cells, float Height);

    static MeasuredRow Measure(IReadOnlyList<string> cells, float[] widths, SKFont font, float size, SKFont? firstFont = null)
    {
        var wrapped = new List<IReadOnlyList<string>>();
        for (var c = 0; c < widths.Length; c++)
        {
            var text = c < cells.Count ? cells[c] : "";
            var cellFont = c == 0 && firstFont is not null ? firstFont : font;
            wrapped.Add(TextBlock.Wrap(text, cellFont, widths[c] - 2 * PadX));
        }
        var lines = wrapped.Max(w => w.Count);
        return new MeasuredRow(wrapped, lines * size * 1.25f + 2 * PadY);
    }

    static void PlaceRow(PageLayout layout, MeasuredRow row, float[] widths, IReadOnlyList<TableColumn> columns,
        float size, bool isHeader, bool stripe, bool boldFirst)
    {
        var left = layout.Left;
        var right = layout.Right;
        layout.Place(row.Height, (canvas, top) =>
        {
            if (isHeader || stripe)
            {
                using var fill = ReportStyle.Fill(isHeader ? ReportStyle.HeaderFill : ReportStyle.StripeFill);
                canvas.DrawRect(left, top, right - left, row.Height, fill);
            }
            using var font = ReportFonts.Font(size);
            using var bold = ReportFonts.Font(size, bold: true);
            using var ink = ReportStyle.Fill(ReportStyle.Text);
            var x = left;
            for (var c = 0; c < widths.Length; c++)
            {
                var cellFont = isHeader || (boldFirst && c == 0) ? bold : font;
                var align = columns[c].Align;
                var baseline = top + PadY + size;
                foreach (var line in row.Cells[c])
                {
                    if (align == CellAlign.Right)
                        canvas.DrawText(line, x + widths[c] - PadX, baseline, SKTextAlign.Right, cellFont, ink);
                    else
                        canvas.DrawText(line, x + PadX, baseline, SKTextAlign.Left, cellFont, ink);
                    baseline += size * 1.25f;
                }
                x += widths[c];
            }
            using var rule = ReportStyle.Stroke(isHeader ? ReportStyle.Text : ReportStyle.Rule, isHeader ? 0.8f : 0.4f);
            canvas.DrawLine(left, top + row.Height, right, top + row.Height, rule);
        });
    }
}
