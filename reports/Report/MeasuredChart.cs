using Appliance.Reports.Pdf;

namespace Appliance.Reports.Report;

/// <summary>A sample column to plot, with its legend label.</summary>
public sealed record MeasuredSeries(string Label, Func<TelemetrySample, double?> Value);

/// <summary>
/// A time-series chart of sample columns followed by its min/mean/max table, or one sentence when the columns were
/// never measured or were zero throughout. A series that was zero throughout is not drawn; the caption names it.
/// </summary>
public static class MeasuredChart
{
    public static void Write(ReportContext context, string yLabel, string caption, IReadOnlyList<MeasuredSeries> series,
        Func<double, string> format, string whenMissing, double scale = 1, string? whenZero = null)
    {
        var samples = context.Input.Samples;
        var columns = series
            .Select(s => (s.Label, Values: samples.Select(x => s.Value(x) * scale).ToList()))
            .Select(s => (s.Label, s.Values, Stats: SeriesStats.Of(s.Values)))
            .Where(s => s.Stats is not null)
            .ToList();
        if (columns.Count == 0)
        {
            context.Paragraph(whenMissing);
            return;
        }
        var drawn = columns.Where(c => c.Stats!.Max != 0 || c.Stats.Min != 0).ToList();
        if (drawn.Count == 0)
        {
            context.Paragraph(whenZero ?? $"{caption.TrimEnd('.')}: zero throughout the run, so not drawn.");
            return;
        }
        var zero = columns.Except(drawn).Select(c => c.Label).ToList();
        if (zero.Count > 0)
            caption = $"{caption.TrimEnd('.')} (zero throughout, not drawn: {string.Join(", ", zero)}).";
        // Chart, caption and its table on one page: a table of figures apart from its chart reads as a different one.
        const float chartHeight = 150f;
        context.Layout.EnsureRoom(chartHeight + 40 + (columns.Count + 1) * TableBlock.RowHeight(ReportStyle.TableSize));
        var plot = Charts.TimeSeries(yLabel, drawn.Select(c => new ChartSeries(c.Label, context.Seconds, c.Values)), context.TimeAxis);
        context.Figure(plot, caption, height: chartHeight);
        context.Table(
            [new("Series", 2.2f), new("Min", 1, CellAlign.Right), new("Mean", 1, CellAlign.Right), new("Max", 1, CellAlign.Right)],
            columns.Select(c => (IReadOnlyList<string>)[c.Label, format(c.Stats!.Min), format(c.Stats.Mean), format(c.Stats.Max)]));
    }
}
