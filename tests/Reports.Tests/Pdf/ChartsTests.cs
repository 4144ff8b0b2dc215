using Appliance.Reports.Pdf;
using Appliance.Reports.Tests.Support;
using Xunit.Abstractions;

namespace Appliance.Reports.Tests.Pdf;

/// <summary>Each chart is drawn into a PDF page (read back) and saved as PNG under TestResults/charts/ for a person to look at.</summary>
public sealed class ChartsTests(ITestOutputHelper output)
{
    PdfText Check(ScottPlot.Plot plot, string name)
    {
        var folder = TestOutput.Folder("charts");
        var png = Path.Combine(folder, name + ".png");
        plot.SavePng(png, 990, 400);
        output.WriteLine($"chart: {png}");
        Assert.True(new FileInfo(png).Length > 5_000);

        var layout = new PageLayout();
        FigureBlock.Draw(layout, plot, $"Figure: {name}");
        var pdf = PdfText.Render(s => PdfDocumentWriter.Write(layout,
            new PageFurniture(name, "charts", "test", new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc)), s));
        File.WriteAllBytes(Path.Combine(folder, name + ".pdf"), pdf);
        var text = new PdfText(pdf);
        Assert.Equal(0, text.ImageCount);
        return text;
    }

    static readonly double[] Seconds = Enumerable.Range(0, 120).Select(i => (double)i).ToArray();

    [Fact]
    public void TimeSeries_InSeconds_HasLegendAndAxisLabels()
    {
        var plot = Charts.TimeSeries("Load per core",
            [
                new ChartSeries("load1", Seconds, Seconds.Select(t => (double?)(0.5 + 0.3 * Math.Sin(t / 10))).ToList()),
                new ChartSeries("load5", Seconds, Seconds.Select(t => (double?)(0.4 + t / 400)).ToList()),
            ],
            new TimeAxis.Seconds());

        var text = Check(plot, "time-series-seconds");

        text.AssertContains("Seconds since start");
        text.AssertContains("load1");
        text.AssertContains("load5");
    }

    [Fact]
    public void TimeSeries_OnClockTime_LabelsTicksWithTimesOfDay()
    {
        var start = new DateTime(2026, 11, 30, 9, 15, 0, DateTimeKind.Utc);
        var plot = Charts.TimeSeries("MiB/s", [new ChartSeries("received", Seconds, Seconds.Select(t => (double?)(t % 17)).ToList())],
            new TimeAxis.Clock(start));

        var text = Check(plot, "time-series-clock");

        text.AssertContains("Time (UTC)");
        Assert.Matches(@"9:1[5-7]", text.All);
    }

    [Fact]
    public void TimeSeries_SkipsMissingSamples()
    {
        var values = Seconds.Select(t => t % 10 == 0 ? null : (double?)t).ToList();

        var plot = Charts.TimeSeries("x", [new ChartSeries("gappy", Seconds, values)], new TimeAxis.Minutes());

        var line = Assert.IsType<ScottPlot.Plottables.Scatter>(Assert.Single(plot.GetPlottables()));
        Assert.Equal(108, line.Data.GetScatterPoints().Count);
        Check(plot, "time-series-gaps");
    }

    [Fact]
    public void Bars_LabelEachCategoryAndValue()
    {
        var plot = Charts.Bars("Items", [("succeeded", 9_640), ("failed", 360)]);

        var text = Check(plot, "bars-outcomes");

        text.AssertContains("succeeded");
        text.AssertContains("9,640");
        text.AssertContains("360");
    }

    [Fact]
    public void HorizontalBars_ForLongReasons()
    {
        var plot = Charts.Bars("Items", [("timeout", 190), ("dns: name not resolved", 80), ("http 5xx", 60)], horizontal: true);

        var text = Check(plot, "bars-failures");

        text.AssertContains("dns: name not resolved");
        text.AssertContains("190");
    }

    [Fact]
    public void Histogram_LabelsOnlyDecadesAndTheOverflowBucket_AndLeavesEmptyEndsOut()
    {
        var plot = Charts.Histogram("Latency (s)",
            [(0.001, 0), (0.01, 0), (0.05, 12), (0.1, 300), (0.25, 900), (0.5, 500), (1, 120), (2.5, 30), (10, 0), (double.PositiveInfinity, 4)],
            b => b.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture));

        var text = Check(plot, "histogram-latency");

        // Sparse labels that cannot run together: decades and the last bucket, none of the buckets between.
        text.AssertContains("≤0.1");
        text.AssertContains("≤1");
        text.AssertContains(">10");
        Assert.False(text.Contains("0.25"));
        // The empty buckets below the first item are not drawn, so their bounds are not labelled.
        Assert.False(text.Contains("0.001"));
    }

    [Fact]
    public void ScatterWithCurve_ShowsMeasuredFittedAndMarkers()
    {
        double X(double n) => 9.4 * n / (1 + 0.02 * (n - 1) + 0.0004 * n * (n - 1));
        var measured = new[] { 1, 2, 4, 8, 16, 32, 48, 64 }.Select(n => ((double)n, X(n) * 1.02)).ToList();
        var curve = Enumerable.Range(1, 70).Select(n => ((double)n, X(n))).ToList();

        var plot = Charts.ScatterWithCurve("Concurrency", "Items per second", measured, curve, [(32, "customer 32"), (40, "recommended 40")]);

        var text = Check(plot, "usl-fit");

        text.AssertContains("Fitted model");
        text.AssertContains("Measured");
        text.AssertContains("customer 32");
        text.AssertContains("recommended 40");
    }
}
