using Appliance.Reports.Pdf;

namespace Appliance.Reports.Tests.Pdf;

public sealed class TextBlockTests
{
    [Fact]
    public void Wrap_EveryLineFitsTheWidth_AndNoWordIsLost()
    {
        using var font = ReportFonts.Font(10);
        var text = string.Join(" ", Enumerable.Range(1, 80).Select(i => $"word{i}"));

        var lines = TextBlock.Wrap(text, font, 200);

        Assert.True(lines.Count > 3);
        Assert.All(lines, l => Assert.True(font.MeasureText(l) <= 200, $"\"{l}\" is {font.MeasureText(l)} wide"));
        Assert.Equal(text, string.Join(" ", lines));
    }

    [Fact]
    public void Wrap_CutsAWordWiderThanTheColumn()
    {
        using var font = ReportFonts.Font(10);
        var url = "https://example.com/" + new string('a', 120);

        var lines = TextBlock.Wrap(url, font, 100);

        Assert.True(lines.Count > 1);
        Assert.All(lines, l => Assert.True(font.MeasureText(l) <= 100));
        Assert.Equal(url, string.Concat(lines));
    }

    [Fact]
    public void Wrap_KeepsExplicitLineBreaks()
    {
        using var font = ReportFonts.Font(10);

        Assert.Equal(["first", "second", ""], TextBlock.Wrap("first\nsecond\n", font, 300));
    }

    [Fact]
    public void Fonts_AreDejaVuSans_LoadedOnce()
    {
        Assert.Equal("DejaVu Sans", ReportFonts.Regular.FamilyName);
        Assert.True(ReportFonts.Bold.IsBold);
        Assert.Same(ReportFonts.Regular, ReportFonts.Regular);

        // ScottPlot hands out the same instances, so charts do not embed a second copy of the face.
        ReportFonts.EnsureRegistered();
        Assert.Same(ReportFonts.Regular, ScottPlot.Fonts.GetTypeface(ReportFonts.Family, false, false));
        Assert.Same(ReportFonts.Bold, ScottPlot.Fonts.GetTypeface(ReportFonts.Family, true, false));
    }
}
