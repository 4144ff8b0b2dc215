using Appliance.Scrape;

namespace Appliance.Tests.Scrape;

public class HtmlNestingTests
{
    private static string Repeat(string s, int n) => string.Concat(Enumerable.Repeat(s, n));

    [Fact]
    public void UnclosedDivs_AreCutAtTheDepth()
    {
        var html = "<html><body>" + Repeat("<div>", 1000);

        var cut = HtmlNesting.DepthCut(html, 512);

        // html and body count: the 511th div would be element 513.
        Assert.Equal("<html><body>".Length + (510 * "<div>".Length), cut);
    }

    [Theory]
    [InlineData("<p>one")]                                     // a p closes the open p
    [InlineData("<li>item")]                                   // an li closes the open li
    [InlineData("<div>x</div>")]                               // closed properly
    [InlineData("<div><span>x</div>")]                         // an end tag closes what is open inside it
    [InlineData("<br><img src=x><input><hr>")]                 // void elements
    [InlineData("<tr><td>a<td>b")]                             // cells close cells, rows close rows
    [InlineData("<a href=x>link")]                             // an a closes the open a
    [InlineData("<!-- <div><div><div> -->text")]               // comments
    [InlineData("<script>var s = '<div><div>';</script>")]    // raw text
    [InlineData("<div title='<div><div>'></div>")]             // quoted attributes
    [InlineData("<svg><path/><path/></svg>")]                  // self-closing in foreign content
    public void RepeatedShallowMarkup_StaysShallow(string unit)
    {
        Assert.Equal(-1, HtmlNesting.DepthCut("<html><body><div>" + Repeat(unit, 5000), 512));
    }

    [Theory]
    [InlineData("<div/>")]         // "/>" does not close an HTML element
    [InlineData("<ul><li>")]       // lists nest
    [InlineData("<b>")]            // formatting elements nest
    [InlineData("<table><tr><td>")]
    public void DeepMarkupOfEveryShape_IsCut(string unit)
    {
        Assert.True(HtmlNesting.DepthCut("<html><body>" + Repeat(unit, 5000), 512) > 0);
    }

    [Fact]
    public void APlaintextElement_EndsTheScan() =>
        Assert.Equal(-1, HtmlNesting.DepthCut("<plaintext>" + Repeat("<div>", 1000), 512));
}
