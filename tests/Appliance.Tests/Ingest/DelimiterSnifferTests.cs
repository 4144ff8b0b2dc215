using Appliance.Ingest;

namespace Appliance.Tests.Ingest;

public class DelimiterSnifferTests
{
    [Theory]
    [InlineData("website,company,email\na.com,A,x@a.com\n", ',')]
    [InlineData("website;company;email\na.com;\"A, Inc\";x@a.com\n", ';')]
    [InlineData("website\tcompany\na.com\tA\n", '\t')]
    [InlineData("website|company\na.com|A\n", '|')]
    [InlineData("website\na.com\n", ',')]
    public void Sniff_PicksTheDelimiterUsedConsistently(string text, char expected) =>
        Assert.Equal(expected, DelimiterSniffer.Sniff(text));

    [Fact]
    public void Sniff_IgnoresDelimitersInsideQuotes()
    {
        // Commas only inside quotes; semicolons separate.
        Assert.Equal(';', DelimiterSniffer.Sniff("\"a,b,c\";x\n\"d,e,f\";y\n"));
    }
}
