using Appliance.Reports.Pdf;
using Appliance.Reports.Tests.Support;

namespace Appliance.Reports.Tests.Pdf;

public sealed class TableBlockTests
{
    static readonly PageFurniture Furniture = new("Table test", "host-a", "2026-11-30", new DateTime(2026, 11, 30, 0, 0, 0, DateTimeKind.Utc));

    static (PageLayout Layout, PdfText Text) Render(string name, Action<PageLayout> content)
    {
        var layout = new PageLayout();
        content(layout);
        var pdf = PdfText.Render(s => PdfDocumentWriter.Write(layout, Furniture, s));
        File.WriteAllBytes(Path.Combine(TestOutput.Folder("layout"), name + ".pdf"), pdf);
        return (layout, new PdfText(pdf));
    }

    [Fact]
    public void TwoHundredRows_BreakAcrossPages_WithTheHeaderRepeated()
    {
        var (layout, text) = Render("table-200-rows", layout => TableBlock.Draw(layout,
            [new("Item number", 1), new("Description", 3), new("Value", 1, CellAlign.Right)],
            Enumerable.Range(1, 200).Select(i => (IReadOnlyList<string>)[$"item-{i:000}", $"row {i} of the long table", $"{i * 7}"])));

        Assert.True(layout.PageCount >= 3, $"{layout.PageCount} pages");
        Assert.Equal(layout.PageCount, text.Pages.Count);
        for (var page = 0; page < text.Pages.Count; page++)
        {
            var pageText = text.Pages[page];
            Assert.StartsWith("host-a 2026-11-30 Item number Description Value item-", pageText);
        }
        // Every row exactly once, in order, none lost at a page break.
        var all = text.All;
        var last = -1;
        for (var i = 1; i <= 200; i++)
        {
            var at = all.IndexOf($"item-{i:000} row {i} of the long table {i * 7}", StringComparison.Ordinal);
            Assert.True(at > last, $"row {i} missing or out of order");
            last = at;
        }
    }

    [Fact]
    public void PagesAreNumbered_PageNOfM()
    {
        var (layout, text) = Render("page-numbers", layout => TableBlock.Draw(layout, [new("Only", 1)],
            Enumerable.Range(1, 120).Select(i => (IReadOnlyList<string>)[$"r{i}"])));

        for (var page = 1; page <= layout.PageCount; page++)
            Assert.EndsWith($"Page {page} of {layout.PageCount}", text.Pages[page - 1]);
    }

    [Fact]
    public void ShortTable_IsKeptOnOnePage()
    {
        var (layout, text) = Render("short-table", layout =>
        {
            TextBlock.Paragraph(layout, string.Join(" ", Enumerable.Repeat("filler", 1_300)));
            TableBlock.Draw(layout, [new("Key", 1), new("Value", 1)],
                Enumerable.Range(1, 8).Select(i => (IReadOnlyList<string>)[$"k{i}", $"v{i}"]));
        });

        var tablePage = text.Pages.Single(p => p.Contains("Key Value", StringComparison.Ordinal));
        Assert.Contains("k1 v1", tablePage);
        Assert.Contains("k8 v8", tablePage);
        Assert.Equal(2, layout.PageCount);
    }

    [Fact]
    public void LongCellText_WrapsInsideItsColumn()
    {
        var (_, text) = Render("wrapped-cell", layout => TableBlock.Draw(layout, [new("Name", 1), new("Definition", 1)],
            [["idx", "CREATE INDEX idx_websites_created_at ON public.websites USING btree (created_at) WHERE created_at IS NOT NULL"]]));

        Assert.Contains("CREATE INDEX", text.All);
        Assert.Contains("(created_at)", text.All);
    }
}
