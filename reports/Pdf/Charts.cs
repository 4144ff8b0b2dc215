using ScottPlot;

namespace Appliance.Reports.Pdf;

/// <summary>One line of a time-series chart: x in seconds since the start of the run, y in the chart's unit.</summary>
public sealed record ChartSeries(string Label, IReadOnlyList<double> Seconds, IReadOnlyList<double?> Values);

/// <summary>How a time axis is labelled: elapsed seconds, elapsed minutes, or UTC clock time from a start instant.</summary>
public abstract record TimeAxis
{
    public sealed record Seconds : TimeAxis;
    public sealed record Minutes : TimeAxis;
    public sealed record Clock(DateTime StartUtc) : TimeAxis;

    /// <summary>Seconds for short runs, minutes beyond half an hour, so tick labels stay short.</summary>
    public static TimeAxis For(double durationSeconds) => durationSeconds > 1800 ? new Minutes() : new Seconds();
}

/// <summary>
/// The report's chart types, built as ScottPlot plots in one house style (DejaVu Sans, point-sized text, light grid).
/// They are drawn as vectors by <see cref="FigureBlock"/>; tests save them as PNG too.
/// </summary>
public static class Charts
{
    public static Plot TimeSeries(string yLabel, IEnumerable<ChartSeries> series, TimeAxis axis, double? yMin = 0)
    {
        var plot = NewPlot();
        foreach (var s in series)
        {
            var points = Enumerable.Range(0, Math.Min(s.Seconds.Count, s.Values.Count))
                .Where(i => s.Values[i] is { } v && double.IsFinite(v))
                .Select(i => (X: AxisValue(axis, s.Seconds[i]), Y: s.Values[i]!.Value))
                .ToArray();
            if (points.Length == 0)
                continue;
            var line = plot.Add.ScatterLine(points.Select(p => p.X).ToArray(), points.Select(p => p.Y).ToArray());
            line.LegendText = s.Label;
            line.LineWidth = 1.2f;
        }
        switch (axis)
        {
            case TimeAxis.Clock:
                plot.Axes.DateTimeTicksBottom();
                plot.XLabel("Time (UTC)");
                break;
            case TimeAxis.Minutes:
                plot.XLabel("Minutes since start");
                plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { TickDensity = 0.5 };
                break;
            default:
                plot.XLabel("Seconds since start");
                plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { TickDensity = 0.5 };
                break;
        }
        plot.YLabel(yLabel);
        plot.Axes.Margins(horizontal: 0, vertical: 0.08);
        plot.Axes.AutoScale();
        if (yMin is { } min)
        {
            var limits = plot.Axes.GetLimits();
            plot.Axes.SetLimitsY(min, Math.Max(limits.Top, min + 1e-9));
        }
        ShowLegendIfNamed(plot);
        return plot;
    }

    /// <summary>Bars by category (items by outcome, failures by reason), each labelled with its value.</summary>
    public static Plot Bars(string valueLabel, IReadOnlyList<(string Category, double Value)> items, bool horizontal = false,
        Func<double, string>? format = null)
    {
        format ??= v => v.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
        var plot = NewPlot();
        var palette = new ScottPlot.Palettes.Category10();
        var bars = items.Select((item, i) => new Bar
        {
            Position = horizontal ? items.Count - 1 - i : i,
            Value = item.Value,
            Label = format(item.Value),
            FillColor = palette.GetColor(i),
            LineWidth = 0,
        }).ToList();
        var barPlot = plot.Add.Bars(bars);
        barPlot.Horizontal = horizontal;
        barPlot.ValueLabelStyle.FontSize = 8;
        barPlot.ValueLabelStyle.FontName = ReportFonts.Family;

        var positions = bars.Select(b => b.Position).ToArray();
        var labels = items.Select(i => i.Category).ToArray();
        var counts = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true, TickDensity = 0.6 };
        if (horizontal)
        {
            plot.Axes.Bottom.TickGenerator = counts;
            plot.Axes.Left.SetTicks(positions, labels);
            plot.XLabel(valueLabel);
            plot.Axes.Margins(left: 0, right: 0.25, bottom: 0.05, top: 0.05);
        }
        else
        {
            plot.Axes.Left.TickGenerator = counts;
            plot.Axes.Bottom.SetTicks(positions, labels);
            plot.YLabel(valueLabel);
            plot.Axes.Margins(bottom: 0, top: 0.25);
        }
        StyleTicks(plot);
        return plot;
    }

    /// <summary>
    /// A latency histogram from bucket counts (not cumulative). Buckets grow geometrically, so they are drawn at equal
    /// widths — a log scale — and empty buckets at either end are left out. Labels are sparse: decades (1 ms, 10 ms,
    /// 100 ms, 1 s, 10 s…) and the last bucket, so they never run together.
    /// </summary>
    public static Plot Histogram(string xLabel, IReadOnlyList<(double UpperBound, long Count)> buckets, Func<double, string> boundLabel)
    {
        var first = Math.Max(0, buckets.ToList().FindIndex(b => b.Count > 0));
        var last = buckets.ToList().FindLastIndex(b => b.Count > 0);
        var shown = last < first ? buckets.ToList() : buckets.Skip(first).Take(last - first + 1).ToList();
        var plot = NewPlot();
        plot.Add.Bars(shown.Select((b, i) => new Bar { Position = i, Value = b.Count, FillColor = Colors.SteelBlue, LineWidth = 0, Size = 0.9 }).ToList());
        var ticks = new List<(double, string)>();
        for (var i = 0; i < shown.Count; i++)
        {
            var bound = shown[i].UpperBound;
            var decade = bound > 0 && double.IsFinite(bound) && Math.Abs(Math.Log10(bound) - Math.Round(Math.Log10(bound))) < 1e-9;
            var final = i == shown.Count - 1;
            if (final && !decade && ticks.Count > 0 && i - ticks[^1].Item1 < 2)
                ticks.RemoveAt(ticks.Count - 1);
            if (shown.Count <= 5 || decade || final)
            {
                var previous = first + i > 0 ? buckets[first + i - 1].UpperBound : 0;
                ticks.Add((i, double.IsPositiveInfinity(bound) ? ">" + boundLabel(previous) : "≤" + boundLabel(bound)));
            }
        }
        plot.Axes.Bottom.SetTicks([.. ticks.Select(t => t.Item1)], [.. ticks.Select(t => t.Item2)]);
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true, TickDensity = 0.6 };
        plot.XLabel(xLabel);
        plot.YLabel("Items");
        plot.Axes.Margins(bottom: 0, top: 0.1);
        StyleTicks(plot);
        return plot;
    }

    /// <summary>Measured points of a concurrency sweep and the fitted model curve, with optional marked concurrencies.</summary>
    public static Plot ScatterWithCurve(string xLabel, string yLabel,
        IReadOnlyList<(double X, double Y)> measured, IReadOnlyList<(double X, double Y)> curve,
        IReadOnlyList<(double X, string Label)>? markers = null)
    {
        var plot = NewPlot();
        if (curve.Count > 0)
        {
            var line = plot.Add.ScatterLine(curve.Select(p => p.X).ToArray(), curve.Select(p => p.Y).ToArray());
            line.LegendText = "Fitted model";
            line.LineWidth = 1.5f;
        }
        var points = plot.Add.ScatterPoints(measured.Select(p => p.X).ToArray(), measured.Select(p => p.Y).ToArray());
        points.LegendText = "Measured";
        points.MarkerSize = 6;
        points.MarkerShape = MarkerShape.FilledCircle;
        // Marked concurrencies go in the legend, not on the lines: labels of close lines would overlap.
        Color[] markerColors = [Colors.DarkRed, Colors.DarkGreen, Colors.Gray];
        var m = 0;
        foreach (var (x, label) in markers ?? [])
        {
            var v = plot.Add.VerticalLine(x);
            v.LineWidth = 1f;
            v.LinePattern = m == 0 ? LinePattern.Dashed : LinePattern.Dotted;
            v.Color = markerColors[m++ % markerColors.Length];
            v.LegendText = label;
        }
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        plot.Axes.AutoScale();
        var limits = plot.Axes.GetLimits();
        plot.Axes.SetLimits(0, limits.Right, 0, limits.Top);
        ShowLegendIfNamed(plot);
        return plot;
    }

    static Plot NewPlot()
    {
        ReportFonts.EnsureRegistered();
        var plot = new Plot();
        plot.RenderManager.ClearCanvasBeforeEachRender = false;
        plot.Font.Set(ReportFonts.Family);
        plot.Axes.Bottom.Label.FontSize = 9;
        plot.Axes.Left.Label.FontSize = 9;
        plot.Axes.Bottom.Label.Bold = false;
        plot.Axes.Left.Label.Bold = false;
        StyleTicks(plot);
        plot.Grid.MajorLineColor = Colors.Black.WithAlpha(0.08);
        plot.Legend.FontSize = 8;
        plot.Legend.FontName = ReportFonts.Family;
        return plot;
    }

    static void StyleTicks(Plot plot)
    {
        plot.Axes.Bottom.TickLabelStyle.FontSize = 8;
        plot.Axes.Left.TickLabelStyle.FontSize = 8;
        plot.Axes.Right.TickLabelStyle.FontSize = 8;
        plot.Axes.Top.TickLabelStyle.FontSize = 8;
        plot.Axes.Bottom.TickLabelStyle.FontName = ReportFonts.Family;
        plot.Axes.Left.TickLabelStyle.FontName = ReportFonts.Family;
    }

    static void ShowLegendIfNamed(Plot plot)
    {
        // Outside the data area, on the right: inside, a legend of five series hides the lines it explains.
        // A single series needs none (the axis label names it).
        if (plot.GetPlottables().Count(p => p.LegendItems.Any(l => !string.IsNullOrEmpty(l.LabelText))) <= 1)
        {
            plot.HideLegend();
        }
        else
        {
            plot.ShowLegend(Edge.Right);
            plot.Legend.SymbolWidth = 14;
            plot.Legend.InterItemPadding = new PixelPadding(2, 2, 1, 1);
            plot.Legend.Padding = new PixelPadding(4, 4, 3, 3);
        }
    }

    static double AxisValue(TimeAxis axis, double seconds) => axis switch
    {
        TimeAxis.Clock clock => clock.StartUtc.AddSeconds(seconds).ToOADate(),
        TimeAxis.Minutes => seconds / 60.0,
        _ => seconds,
    };
}
