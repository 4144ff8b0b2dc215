using System.Globalization;
using System.Text.RegularExpressions;
using Appliance.Reports.Report;
using Appliance.Reports.Tests.Support;

namespace Appliance.Reports.Tests.Report;

/// <summary>
/// The report read back as a reader's tools read it (PdfPig's default word extractor and poppler's pdftotext): words
/// whole, figures plain, one rate per stage, every interval around its point, the decision sections present.
/// </summary>
public sealed class ReportReadBackTests
{
    static readonly Lazy<(byte[] Pdf, string PdfToText, string PdfPig)> Report = new(() =>
    {
        var pdf = PdfText.Render(s => CapacityReport.Write(new ReportInputBuilder().WithBaseline().Build(), s));
        var path = Path.Combine(TestOutput.Folder("report-readback"), "report.pdf");
        File.WriteAllBytes(path, pdf);
        using var document = UglyToad.PdfPig.PdfDocument.Open(pdf);
        // PdfPig's default extractor, which splits words wherever glyphs are positioned apart (the nearest-neighbour one hides that).
        var pig = string.Join("\n", document.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))));
        return (pdf, Poppler.Run("pdftotext", path, "-"), pig);
    });

    [Fact]
    public void WordsComeBackWhole_InPdfToTextAndPdfPig()
    {
        var (_, text, pig) = Report.Value;

        foreach (var word in new[] { "Hostname", "Nodes", "Verdicts", "Inventory" })
        {
            Assert.Contains(word, text);
            Assert.Contains(word, pig);
        }
        Assert.DoesNotContain("H ostname", text);
        Assert.DoesNotContain("N odes", text);
    }

    [Fact]
    public void NoReplacementCharacters_AndNoScientificNotation()
    {
        var (_, text, _) = Report.Value;

        Assert.DoesNotContain("\uFFFD", text);
        Assert.DoesNotMatch(new Regex(@"\d(\.\d+)?e[-+]?\d", RegexOptions.IgnoreCase), text);
    }

    [Fact]
    public void NoIdentifierIsSplitAcrossLines()
    {
        var (_, text, _) = Report.Value;
        var lines = text.Split('\n');

        // An identifier broken mid-word leaves a line ending in its first part and the next starting with the rest.
        foreach (var identifier in new[] { "idx_websites_file_upload_id", "idx_websites_created_at", "messages_website_id_key", "Generate:Concurrency",
                     "Scrape:MaxConnectionsPerHost", "Generated", "Hostname", "succeeded" })
        {
            for (var cut = 1; cut < identifier.Length; cut++)
            {
                var (head, tail) = (identifier[..cut], identifier[cut..]);
                if (head.EndsWith('_') || head.EndsWith('.') || head.EndsWith(':'))
                    continue;
                for (var i = 0; i + 1 < lines.Length; i++)
                    Assert.False(lines[i].TrimEnd().EndsWith(head, StringComparison.Ordinal) && lines[i + 1].TrimStart().StartsWith(tail, StringComparison.Ordinal)
                        && !lines[i].Contains(identifier, StringComparison.Ordinal),
                        $"\"{identifier}\" split as \"{head}\" / \"{tail}\" at lines {i + 1}-{i + 2}");
            }
        }
    }

    [Fact]
    public void EachStagesRateAppearsWithOneValue()
    {
        var text = new PdfText(Report.Value.Pdf).All;
        var input = new ReportInputBuilder().Build();

        foreach (var stage in input.Stages.Where(s => s.RowsPerMinute is not null))
        {
            // Every "<stage> … N rows/min" in the prose and tables names the same N.
            var values = Regex.Matches(text, $@"\b{stage.Name}\b[^.;\n]{{0,12}}?\s([\d,.]+) rows/min").Select(m => m.Groups[1].Value).Distinct().ToList();
            Assert.Equal([ReportFormat.Number(stage.RowsPerMinute)], values);
        }
        // Ingest, over in seconds, has no per-minute rate anywhere.
        Assert.DoesNotMatch(new Regex(@"\bingest\b[^.;\n]{0,12}?\s[\d,.]+ rows/min"), text);
    }

    [Fact]
    public void EveryIntervalContainsItsPoint()
    {
        var text = new PdfText(Report.Value.Pdf).All;

        // Rates: "4,013 rows/min (3,892 – 4,133)".
        var rates = Regex.Matches(text, @"([\d,.]+) rows/min \(([\d,.]+) – ([\d,.]+)\)").ToList();
        Assert.NotEmpty(rates);
        foreach (var m in rates)
            Assert.InRange(Parse(m.Groups[1].Value), Parse(m.Groups[2].Value), Parse(m.Groups[3].Value));

        // Durations: "2 h 34 min (2 h 27 min – 2 h 43 min)" and table rows "2 h 34 min 2 h 27 min – 2 h 43 min".
        const string duration = @"(\d+(?:\.\d+)? days|\d+ h(?: \d+ min)?|\d+ min(?: \d+ s)?|\d+(?:\.\d+)? s)";
        var times = Regex.Matches(text, $@"{duration} \(?{duration} – {duration}").ToList();
        Assert.All(times, m => Assert.True(Seconds(m.Groups[1].Value) >= Seconds(m.Groups[2].Value) && Seconds(m.Groups[1].Value) <= Seconds(m.Groups[3].Value), m.Value));
        Assert.NotEmpty(times);
        foreach (var m in times)
            Assert.InRange(Seconds(m.Groups[1].Value), Seconds(m.Groups[2].Value), Seconds(m.Groups[3].Value));
    }

    [Fact]
    public void DecisionSectionsArePresent()
    {
        var text = new PdfText(Report.Value.Pdf);

        foreach (var title in new[] { VerdictsSection.Title, WhatToChangeSection.Title, CostSection.Title, TrackRecordSection.Title })
            text.AssertContains(title);
        text.AssertContains("The customer's old settings (4 workers × 8)");
        text.AssertContains("By core count");
        text.AssertContains("There is no track record yet");
        text.AssertContains("Cost for 500,000 rows 105.00 USD");
        text.AssertContains("Free disk: 120 GiB of 400 GiB");
    }

    static double Parse(string number) => double.Parse(number.Replace(",", ""), CultureInfo.InvariantCulture);

    static double Seconds(string text)
    {
        double total = 0;
        foreach (Match m in Regex.Matches(text, @"(\d+(?:\.\d+)?) (days|h|min|s)"))
            total += Parse(m.Groups[1].Value) * m.Groups[2].Value switch { "days" => 86400, "h" => 3600, "min" => 60, _ => 1 };
        return total;
    }
}
