using Appliance.Scrape;

namespace Appliance.Tests.Scrape;

public class PageExtractorTests
{
    private static readonly Uri Home = new("http://acme.example/");

    private const string Page = """
        <!doctype html><html lang="en-GB"><head>
          <title>  Acme &amp; Sons —
             Widgets </title>
          <meta name="Description" content=" Widgets since 1901. ">
          <meta property="og:title" content="Acme &amp; Sons"><meta property="og:type" content="website">
          <script>var contact = "fake@script.example"; document.write("+1 555 000 0000")</script>
          <style>.x { content: "style@css.example" }</style>
        </head><body>
          <nav><a href="/about-us">About us</a> <a href="/kontakt">Contact</a></nav>
          <h1>Widgets for everyone</h1><h2>Since 1901</h2><h2>Since 1901</h2>
          <p>Write to info@acme.example</p><p>Sales: sales [at] acme [dot] example or jobs(at)acme.example.</p>
          <div>Call +1 (555) 123-4567 or <a href="tel:+44%2020%207946%200958">our London office</a>.</div>
          <footer><a href="mailto:Support@Acme.Example?subject=Hi">mail us</a>
            <a href="https://www.facebook.com/acme/">fb</a> <a href="https://linkedin.com/company/acme?trk=x">in</a>
            <a href="https://twitter.com/intent/tweet?text=x">share</a> <a href="https://example.org/">elsewhere</a>
          </footer>
        </body></html>
        """;

    [Fact]
    public void Extract_FindsTheFactsElementsWhereverTheyAre_InDocumentOrder()
    {
        // Meta tags in the body, a description meta written in capitals, links inside skipped elements: the one walk
        // finds what the selectors a[href], meta[property^='og:'], meta[name='description' i] and h1, h2 found.
        const string html = """
            <html><head><title>T</title><meta name="DESCRIPTION" content="first"></head><body>
            <h2>Second level first</h2><noscript><a href="/contact">Write to us</a></noscript>
            <meta property="og:site_name" content="Acme"><meta name="description" content="second">
            <meta property="OG:title" content="not og: the prefix is case-sensitive"><h1>Top</h1>
            <template><a href="/about">inside a template: not in the document</a></template>
            <svg><a href="https://facebook.com/acme-svg">svg link</a></svg><a>no href</a>
            </body></html>
            """;

        var facts = new PageExtractor().Extract(html, Home);

        Assert.Equal("first", facts.Description);
        Assert.Equal(["Second level first", "Top"], facts.Headings);
        Assert.Equal(new Dictionary<string, string> { ["og:site_name"] = "Acme" }, facts.OpenGraph);
        Assert.Equal("http://acme.example/contact", facts.ContactUrl);
        Assert.Null(facts.AboutUrl);
        Assert.Equal(["https://facebook.com/acme-svg"], facts.SocialLinks);
    }

    [Fact]
    public void VisibleText_FoldsEveryKindOfWhiteSpace()
    {
        using var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(
            "<body>a\u00A0\u00A0b\u2003c\u0085d\te\u3000\u3000f\r\ng  \u2028h</body>");

        Assert.Equal("a b c d e f\ng h", PageExtractor.VisibleText(document.Body));
    }

    [Fact]
    public void Extract_ReadsTitleDescriptionLanguageAndOpenGraph()
    {
        var facts = new PageExtractor().Extract(Page, Home);

        Assert.Equal("Acme & Sons — Widgets", facts.Title);
        Assert.Equal("Widgets since 1901.", facts.Description);
        Assert.Equal("en-GB", facts.Language);
        Assert.Equal("Acme & Sons", facts.OpenGraph["og:title"]);
        Assert.Equal(["Widgets for everyone", "Since 1901"], facts.Headings);
    }

    [Fact]
    public void Extract_FindsContactsInLinksTextAndObfuscations_ButNotInScripts()
    {
        var facts = new PageExtractor().Extract(Page, Home);

        Assert.Equal(["info@acme.example", "jobs@acme.example", "sales@acme.example", "support@acme.example"], facts.Emails);
        Assert.Equal(["+15551234567", "+442079460958"], facts.Phones);
        Assert.Equal(["https://facebook.com/acme", "https://linkedin.com/company/acme"], facts.SocialLinks);
        Assert.Equal("http://acme.example/about-us", facts.AboutUrl);
        Assert.Equal("http://acme.example/kontakt", facts.ContactUrl);
    }

    [Fact]
    public void VisibleText_SeparatesBlocks_AndSkipsScriptAndStyle()
    {
        var facts = new PageExtractor().Extract(Page, Home);

        Assert.DoesNotContain("fake@script", facts.TextExcerpt);
        Assert.DoesNotContain("style@css", facts.TextExcerpt);
        Assert.Contains("Write to info@acme.example\nSales:", facts.TextExcerpt);
    }

    [Fact]
    public void Excerpt_IsCapped()
    {
        var html = "<p>" + string.Join("</p><p>", Enumerable.Repeat("word word word", 2000)) + "</p>";

        Assert.Equal(PageExtractor.ExcerptLength, new PageExtractor().Extract(html, Home).TextExcerpt.Length);
    }

    [Fact]
    public void MalformedHtml_StillYieldsFacts()
    {
        var facts = new PageExtractor().Extract("<html><title>Broken</title><div><p>Mail a@b.example</div></span></td><h1>Hi", Home);

        Assert.Equal("Broken", facts.Title);
        Assert.Equal(["a@b.example"], facts.Emails);
        Assert.Equal(["Hi"], facts.Headings);
    }

    [Fact]
    public void VisibleText_FoldsWhitespace_AndBreaksLinesAtBlocksAndNewlines()
    {
        var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(
            "<body>  \t<div> Hello \r\n  big\t\tworld </div><p></p><span>one</span> <b>two</b>\n\n<p>\u0000three  </p>  </body>");

        Assert.Equal("Hello\nbig world\none two\nthree", PageExtractor.VisibleText(document.Body));
    }

    [Fact]
    public void Extract_FromPooledMemory_KeepsNothingThatPointsIntoIt()
    {
        using var html = new RentedText(Page.Length);
        Page.AsSpan().CopyTo(html.Free);
        html.Advance(Page.Length);

        var facts = new PageExtractor().Extract(html.Memory, Home);
        System.Runtime.InteropServices.MemoryMarshal.AsMemory(html.Memory).Span.Fill('x'); // the next page overwrites the array

        var expected = new PageExtractor().Extract(Page, Home);
        Assert.Equal(expected.Title, facts.Title);
        Assert.Equal(expected.Description, facts.Description);
        Assert.Equal(expected.TextExcerpt, facts.TextExcerpt);
        Assert.Equal(expected.Headings, facts.Headings);
        Assert.Equal(expected.Emails, facts.Emails);
        Assert.Equal(expected.OpenGraph, facts.OpenGraph);
    }
}
