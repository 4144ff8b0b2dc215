namespace Appliance.Reports.Pdf;

/// <summary>A two-column table of labels and values (an inventory, a configuration), without a header row.</summary>
public static class KeyValueTable
{
    public static void Draw(PageLayout layout, IEnumerable<(string Key, string Value)> pairs)
    {
        var rows = pairs.ToList();
        // The label column is as wide as its longest label (within limits), so "Scrape:MaxConnectionsPerHost" stays on one line.
        using var bold = ReportFonts.Font(ReportStyle.TableSize, bold: true);
        var widest = rows.Count == 0 ? 0 : rows.Max(r => bold.MeasureText(r.Key)) + 2 * TableBlock.PadX + 6;
        var keyWidth = Math.Clamp(widest, layout.Width * 0.3f, layout.Width * 0.55f);
        TableColumn[] columns = [new("", keyWidth), new("", layout.Width - keyWidth)];
        TableBlock.Draw(layout, columns, rows.Select(p => (IReadOnlyList<string>)[p.Key, p.Value]),
            showHeader: false, boldFirstColumn: true);
    }
}
