using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Appliance.Reports.Capacity;
using Appliance.Reports.Report;
using Appliance.Reports.Tests.Support;
using Xunit.Abstractions;

namespace Appliance.Reports.Tests.Report;

public sealed class CapacityReportTests(ITestOutputHelper output)
{
    static readonly Lazy<byte[]> FullReport = new(() => Write(new ReportInputBuilder().WithBaseline().Build()));

    static byte[] Write(ReportInput input) => PdfText.Render(s => CapacityReport.Write(input, s));

    [Fact]
    public void EverySectionHeadingIsPresentInOrder()
    {
        var input = new ReportInputBuilder().WithBaseline().Build();
        var text = new PdfText(FullReport.Value).All;

        var positions = CapacityReport.SectionTitles(input).Select(t => (Title: t, At: text.IndexOf(t, StringComparison.Ordinal))).ToList();

        Assert.All(positions, p => Assert.True(p.At >= 0, $"heading \"{p.Title}\" missing"));
        Assert.Equal(positions.Select(p => p.At).Order(), positions.Select(p => p.At));
        Assert.Contains("8. Resources for 500,000 rows", text);
    }

    [Fact]
    public void KeyFiguresAppearAsFormatted()
    {
        var text = new PdfText(FullReport.Value);

        // Projection from the model's input (generate at 3,604.2 rows/min is the bottleneck), with its 90 % interval.
        text.AssertContains("Processing 500,000 rows on this host is projected to take 2 h 34 min (90 % interval 2 h 27 min to 2 h 43 min).");
        // Each stage's one rate, with its interval; ingest, over in 3.85 s, gives rows and time instead of a rate.
        text.AssertContains("ingest 10,012 rows in 3.85 s; scrape 4,013 rows/min (3,892 – 4,133); generate 3,604 rows/min (3,532 – 3,676)");
        // Rows of the run, failures, latency percentiles, the customer's concurrency in the projection table.
        text.AssertContains("Run 42 processed 10,000 rows from leads-10k.csv in 2 min 58 s");
        text.AssertContains("Scrape failed for 360 of 10,000 items (3.6 %), most often \"timeout\".");
        text.AssertContains("182 ms / 640 ms / 2.31 s");
        text.AssertContains("32 2 h 34 min 2 h 27 min – 2 h 43 min customer's old setting");
        text.AssertContains("64 2 h 13 min 2 h 7 min – 2 h 21 min fastest");
        text.AssertContains("Of the concurrencies priced, 64 in flight per stage is the fastest (2 h 13 min); the customer's old setting of 32 (4 workers × 8) would take 2 h 34 min, 16 % longer.");
        // Resources: 7,550 core-seconds, 205 M tokens, cost.
        text.AssertContains("2.10 core-hours");
        text.AssertContains("205,000,000");
        text.AssertContains("105.00 USD");
    }

    [Fact]
    public void HostSectionShowsInventoryAndAMinMeanMaxTablePerChart()
    {
        var text = new PdfText(FullReport.Value);

        text.AssertContains("Intel(R) Core(TM) i5-8500 CPU @ 3.00GHz");
        text.AssertContains("Samsung SSD 970 EVO Plus 500GB, 466 GiB, NVMe SSD");
        text.AssertContains("Series Min Mean Max load1 / core");
        foreach (var series in new[] { "user", "IOPS", "wait (ms)", "queue depth", "received", "cpu some", "appliance" })
            Assert.Matches(new Regex(Regex.Escape(series) + @" [\d.,]+"), text.All);
    }

    [Fact]
    public void StackSectionListsIndexesAndSaysTheLabWasUsed()
    {
        var text = new PdfText(FullReport.Value);

        text.AssertContains("PostgreSQL 15.18 (Debian 15.18-0+deb12u1)");
        text.AssertContains(".NET runtime .NET 10.0.0");
        foreach (var index in new[] { "idx_websites_file_upload_id", "idx_websites_status", "idx_websites_created_at" })
            text.AssertContains(index);
        text.AssertContains("This was a lab run: the websites and the LLM were simulated by the appliance's lab");
    }

    [Fact]
    public void TheHostsSpeed_IsCharted_AndTheTrackRecordSaysHowTheHostMoved()
    {
        var input = new ReportInputBuilder().Build();
        input = input with
        {
            TrackRecord =
            [
                new TrackRecordRow("run 7 from run 6", 30_000, 100, 90, 112, 118, HostSlower: 0.15),
                new TrackRecordRow("run 8 from its first tenth", 30_000, 100, 90, 112, 104),
            ],
        };

        var text = new PdfText(Write(input));

        text.AssertContains("How fast the host's CPU ran");
        text.AssertContains("integer chain 1.");
        text.AssertContains("4 MiB walk 7.");
        text.AssertContains("run 7 from run 6 30,000 1 min 40 s 1 min 30 s – 1 min 52 s 1 min 58 s -15 % +15 % no");
        text.AssertContains("run 8 from its first tenth 30,000 1 min 40 s 1 min 30 s – 1 min 52 s 1 min 44 s -3.8 % — yes");
        text.AssertContains("Host: how much more CPU the same fixed work took during the run than during its basis");
        Assert.False(new PdfText(Write(new ReportInputBuilder().Build())).Contains("Host: how much more CPU"));
    }

    [Fact]
    public void RealRun_SaysNoLabWasUsed()
    {
        var input = new ReportInputBuilder().Build();
        input = input with { Run = input.Run with { UsesLabWeb = false, UsesLabLlm = false, LlmEndpoint = "https://api.openai.com/v1" } };

        var text = new PdfText(Write(input));

        text.AssertContains("Neither the lab web nor the lab LLM was used");
        Assert.False(text.Contains("This was a lab run"));
    }

    [Fact]
    public void Comparison_GivesEachFactorAlone_AndNeverTheirProduct()
    {
        var text = new PdfText(FullReport.Value);

        // The baseline ran at 0.55 the speed: scrape 2,207 → 4,013 rows/min is ×1.82, as is generate.
        text.AssertContains("scrape: throughput (rows/min) 2,207 4,013 ×1.82 1.82× better");
        text.AssertContains("generate: throughput (rows/min) 1,982 3,604 ×1.82 1.82× better");
        text.AssertContains("Projected time for 500,000 rows 4 h 38 min 2 h 34 min ×0.56 1.80× better");
        // ×1.82 × ×1.82 would be ×3.31: the customer's mistake.
        Assert.False(text.Contains("×3.3"));
    }

    [Fact]
    public void Nodes_EachNodesRowsRateAndHostFigures_AndTheProjectionByNodes()
    {
        var built = new ReportInputBuilder().Build();
        var input = built with
        {
            Nodes =
            [
                new NodeResult("node-a", 6_200, 2_480.4, 5_900, 2_210) { Samples = 240, ProcessCpuCores = 1.234, Load1 = 3.456, PeakRssBytes = 512L << 20 },
                new NodeResult("node-b", 3_800, 1_530, 4_100, 1_640.6),
            ],
            NodeScaling = new NodeScalingResult(500_000,
            [
                new NodeProjection(1, 8_123, 61.55, "generate on each node (measured rate)", true),
                new NodeProjection(2, 4_200, 119.05, "generate on each node (measured rate)", true),
                new NodeProjection(3, 3_100, 161.29, "database rows written: 6.1 a row at 1,000/s", true),
                new NodeProjection(4, 3_100, 161.29, "database rows written: 6.1 a row at 1,000/s", true),
                new NodeProjection(5, 3_100, 161.29, "connections: 5 × 30 exceed the database's 97", false),
            ], 3, "Adding nodes stops helping past 3.", ["database ceiling: 1,000 rows written/s as given"]),
        };

        var text = new PdfText(Write(input));

        text.AssertContains("2 nodes shared one database and one set of queues.");
        // Scraped 6,200 at 2,480 rows/min, generated 5,900 at 2,210 rows/min, then its own CPU, load and peak RSS;
        // a node that took no samples has none, and a sentence says why that happens.
        text.AssertContains("node-a 6,200 2,480 rows/min 5,900 2,210 rows/min 1.23 0.576 512 MiB");
        text.AssertContains("node-b 3,800 1,530 rows/min 4,100 1,641 rows/min — — —");
        text.AssertContains("A node without host figures took no samples during the run");
        text.AssertContains("Projected time for 500,000 rows by nodes");
        text.AssertContains("3 52 min 9,677 database rows written: 6.1 a row at 1,000/s — the last node worth adding");
        text.AssertContains("database ceiling: 1,000 rows written/s as given");
    }

    [Fact]
    public void OneNode_SaysOneNodeDidTheWork()
    {
        var input = new ReportInputBuilder().Build() with { Nodes = [new NodeResult("host:42", 10_000, 4_012.5, 10_000, 3_604.2)] };

        new PdfText(Write(input)).AssertContains("One node, host:42, did all the work.");
    }

    [Fact]
    public void MissingData_EachSectionSaysSoInASentence()
    {
        var input = ReportInputBuilder.Minimal();

        var text = new PdfText(Write(input));

        foreach (var title in CapacityReport.SectionTitles(input))
            text.AssertContains(title);
        text.AssertContains("No host samples were recorded for this run");
        text.AssertContains("The stack (components, queues, database indexes) was not recorded for this run.");
        text.AssertContains("No stage results were recorded for this run.");
        text.AssertContains("No concurrency sweep was run, so there is no scalability model");
        text.AssertContains("No resource estimate was computed for this run.");
        text.AssertContains("No baseline run was given, so there is nothing to compare with");
        text.AssertContains("it had not finished when this report was written");
    }

    [Fact]
    public void HostWithoutPsi_SaysPressureWasUnavailable()
    {
        var text = new PdfText(Write(new ReportInputBuilder().WithoutPsi().WithoutSweep().Build()));

        text.AssertContains("Pressure stall information (/proc/pressure) was not available on this host");
        text.AssertContains("No concurrency sweep was run");
    }

    [Fact]
    public void FailedFit_ShowsPointsAndTheReason()
    {
        var input = new ReportInputBuilder().Build();
        var broken = input.Scalability[0] with { Fit = null, FitError = "fewer than 6 sweep points" };
        input = input with { Scalability = [broken, input.Scalability[1]] };

        var text = new PdfText(Write(input));

        text.AssertContains("The model could not be fitted for scrape: fewer than 6 sweep points.");
    }

    [Fact]
    public void ChartsAreVectors_NoRasterImages()
    {
        var text = new PdfText(FullReport.Value);
        Assert.Equal(0, text.ImageCount);

        // An independent reader agrees: pdfimages lists a header and a rule line, and no image rows.
        var path = Path.Combine(TestOutput.Folder("report-pages"), "vector-check.pdf");
        File.WriteAllBytes(path, FullReport.Value);
        var listing = Poppler.Run("pdfimages", "-list", path).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, listing.Length);
    }

    [Fact]
    public void FontsAreEmbeddedOnce_AndTheFileIsSmall()
    {
        var pdf = FullReport.Value;
        var raw = Encoding.Latin1.GetString(pdf);

        // Regular and bold, each embedded once however many pages and charts use them.
        Assert.Equal(2, Regex.Matches(raw, @"/FontFile2\b").Count);
        using var document = UglyToad.PdfPig.PdfDocument.Open(pdf);
        var fonts = document.GetPages().SelectMany(p => p.Letters).Select(l => l.FontName).Distinct().ToList();
        Assert.All(fonts, f => Assert.Contains("DejaVuSans", f));
        Assert.True(pdf.Length < 3 * 1024 * 1024, $"{pdf.Length:N0} bytes");
        output.WriteLine($"{pdf.Length:N0} bytes, {document.NumberOfPages} pages, fonts: {string.Join(", ", fonts)}");
    }

    [Fact]
    public void SameInput_SameBytes_AndRenderTimeIsReported()
    {
        var input = new ReportInputBuilder().WithBaseline().Build();
        var firstCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var firstClock = Stopwatch.StartNew();
        var first = Write(input);
        var firstWall = firstClock.Elapsed.TotalSeconds;
        var firstCpu = (Process.GetCurrentProcess().TotalProcessorTime - firstCpuBefore).TotalSeconds;
        var cpu = new List<double>();
        var wall = new List<double>();
        byte[] last = first;
        for (var i = 0; i < 5; i++)
        {
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            last = Write(input);
            wall.Add(clock.Elapsed.TotalSeconds);
            cpu.Add((Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds);
        }

        // A report is a function of its input: no clock, no randomness in the bytes.
        Assert.Equal(first, last);
        // First render in this process (cold when the test runs alone: JIT, font files, ScottPlot set-up), then warm.
        var line = $"capacity report render: first {firstWall:0.000} s wall / {firstCpu:0.000} s CPU; 5 warm runs: median wall " +
            $"{wall.Order().ElementAt(2):0.000} s, median process CPU {cpu.Order().ElementAt(2):0.000} s; {last.Length:N0} bytes";
        output.WriteLine(line);
        File.WriteAllText(Path.Combine(TestOutput.Folder("report-pages"), "render-time.txt"), line + "\n");
    }

    [Fact]
    public void FullReport_RendersPagesToPngForAPersonToLookAt()
    {
        var folder = TestOutput.Folder("report-pages");
        var path = Path.Combine(folder, "capacity-report.pdf");
        File.WriteAllBytes(path, FullReport.Value);

        var pngs = Poppler.RenderPages(path, folder, "page");

        output.WriteLine($"report: {path} ({FullReport.Value.Length:N0} bytes), pages as PNG in {folder}");
        Assert.Equal(new PdfText(FullReport.Value).Pages.Count, pngs.Count);
        Assert.All(pngs, p => Assert.True(new FileInfo(p).Length > 5_000, $"{p} looks empty"));
    }
}
