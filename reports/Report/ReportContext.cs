using Appliance.Reports.Pdf;

namespace Appliance.Reports.Report;

/// <summary>What every section writes with: the layout, the input, and the running figure number.</summary>
public sealed class ReportContext(PageLayout layout, ReportInput input)
{
    int figureNumber;

    public PageLayout Layout { get; } = layout;
    public ReportInput Input { get; } = input;
    public int Cores => Math.Max(1, Input.Host.Cores);

    public TimeAxis TimeAxis => Pdf.TimeAxis.For(Input.Samples.Count > 0 ? Input.Samples[^1].SecondsSinceStart : 0);

    public IReadOnlyList<double> Seconds => Input.Samples.Select(s => s.SecondsSinceStart).ToList();

    public void Heading1(string text) => TextBlock.Heading1(Layout, text);
    public void Heading2(string text) => TextBlock.Heading2(Layout, text);
    public void Paragraph(string text) => TextBlock.Paragraph(Layout, text);
    public void Bullets(IEnumerable<string> items) => TextBlock.Bullets(Layout, items);

    public void Figure(ScottPlot.Plot plot, string caption, float height = 190f) =>
        FigureBlock.Draw(Layout, plot, Number(caption), height);

    public void FigureRow(IReadOnlyList<Figure> figures, float height = 170f) =>
        FigureBlock.DrawRow(Layout, figures.Select(f => f with { Caption = Number(f.Caption) }).ToList(), height);

    public void Table(IReadOnlyList<TableColumn> columns, IEnumerable<IReadOnlyList<string>> rows) =>
        TableBlock.Draw(Layout, columns, rows);

    public void KeyValues(IEnumerable<(string Key, string Value)> pairs) => KeyValueTable.Draw(Layout, pairs);

    string Number(string caption) => $"Figure {++figureNumber}. {caption}";
}
