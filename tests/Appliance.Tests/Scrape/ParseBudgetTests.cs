using System.Text;
using Appliance.Scrape;
using Appliance.Storage;
using Appliance.Tests.Support;

namespace Appliance.Tests.Scrape;

public class ParseBudgetTests
{
    private static readonly Uri Home = new("http://deep.example/");

    private static string Nested(int depth) =>
        "<html><head><title>Deep</title></head><body><p>info@deep.example</p>" + string.Concat(Enumerable.Repeat("<div>", depth)) + "bottom</body></html>";

    /// <summary>An ordinary page of about the same size: many short blocks, a few levels deep.</summary>
    private static string Ordinary(int bytes)
    {
        var sb = new StringBuilder("<html><head><title>Ordinary</title></head><body>");
        for (var i = 0; sb.Length < bytes; i++)
        {
            sb.Append("<section><div class=\"row\"><h2>Part ").Append(i).Append("</h2><p>Some <b>text</b> with a <a href=\"/p").Append(i)
                .Append("\">link</a>.</p></div></section>\n");
        }

        return sb.Append("</body></html>").ToString();
    }

    [Theory]
    [InlineData(30_000)]
    [InlineData(60_000)]
    public void DeeplyNestedPage_CostsNoMoreCpuThanAnOrdinaryPageOfItsSize(int depth)
    {
        var extractor = new PageExtractor();
        var deep = Nested(depth);
        var ordinary = Ordinary(deep.Length);
        extractor.Extract(ordinary, Home); // JIT and pools warm

        var deepCpu = ThreadCpu.Min(() => extractor.Extract(deep, Home), 3);
        var ordinaryCpu = ThreadCpu.Min(() => extractor.Extract(ordinary, Home), 3);

        // Unbounded, 30,000 levels took ~4.5 CPU-seconds and 60,000 ~14 (quadratic), against milliseconds for the ordinary page.
        Assert.True(deepCpu < ordinaryCpu * 2, $"deep {deepCpu.TotalMilliseconds:0.0} ms vs ordinary {ordinaryCpu.TotalMilliseconds:0.0} ms of CPU");
    }

    [Fact]
    public void DeeplyNestedPage_KeepsWhatCameBeforeTheCut_AndSaysItWasCut()
    {
        var facts = new PageExtractor().Extract(Nested(60_000), Home);

        Assert.Equal("Deep", facts.Title);
        Assert.Equal(["info@deep.example"], facts.Emails);
        Assert.Contains("nesting 512", facts.Cut);
    }

    [Fact]
    public void ALongPage_IsParsedUpToTheCharacterBudget()
    {
        var budget = ParseBudget.Default with { MaxChars = 10_000 };
        var html = "<title>Long</title><p>first@long.example</p>" + new string('x', 20_000) + "<p>last@long.example</p>";

        var facts = new PageExtractor(budget).Extract(html, Home);

        Assert.Equal(["first@long.example"], facts.Emails);
        Assert.Equal("parsed the first 10,000 characters", facts.Cut);
    }

    [Fact]
    public void ThePrefixCut_NeverSplitsAnEmoji()
    {
        var budget = ParseBudget.Default with { MaxChars = 10_000 };
        var html = "<title>T</title><p>" + new string('x', 9_999 - "<title>T</title><p>".Length) + "😀😀";

        var facts = new PageExtractor(budget).Extract(html, Home);

        Assert.True(StoredText.IsClean(facts.TextExcerpt));
        Assert.Equal("parsed the first 9,999 characters", facts.Cut);
    }

    [Fact]
    public void AParsePastItsDeadline_Throws_AndTheNextPageParses()
    {
        // Every look at the clock moves it 100 ms: the deadline of 1 s passes within a few dozen elements.
        var budget = ParseBudget.Default with { Timeout = TimeSpan.FromSeconds(1), Time = new SteppingTimeProvider(TimeSpan.FromMilliseconds(100)) };
        var extractor = new PageExtractor(budget);
        var big = "<html><body>" + string.Concat(Enumerable.Repeat("<p><span>x</span></p>", 2000));

        Assert.Throws<ParseTimeoutException>(() => extractor.Extract(big, Home));
        Assert.Equal("Small", extractor.Extract("<title>Small</title>", Home).Title);
    }

    [Fact]
    public void AnOrdinaryPage_IsNotCut() => Assert.Null(new PageExtractor().Extract(Ordinary(100_000), Home).Cut);

    [Theory]
    [InlineData(1995)]
    [InlineData(1996)]
    [InlineData(1997)]
    [InlineData(1998)]
    [InlineData(1999)]
    [InlineData(2000)]
    public void AnEmojiAtTheExcerptCap_IsKeptWholeOrLeftOut(int at)
    {
        var html = "<body><p>" + new string('a', at) + "👨‍👩‍👧" + new string('b', 100) + "</p></body>";

        var excerpt = new PageExtractor().Extract(html, Home).TextExcerpt;

        Assert.True(StoredText.IsClean(excerpt));
        Assert.True(excerpt.Length <= PageExtractor.ExcerptLength);
        Assert.Equal(at + "👨‍👩‍👧".Length <= PageExtractor.ExcerptLength, excerpt.EndsWith("👨‍👩‍👧", StringComparison.Ordinal) || excerpt.Contains("👨‍👩‍👧b", StringComparison.Ordinal));
        Assert.DoesNotContain("\u200D" + "b", excerpt); // never a family split after its joiner
    }

    [Fact]
    public void OptionsDefaults_AreTheBudget()
    {
        var budget = ParseBudget.From(new ScrapeOptions(), TimeProvider.System);

        Assert.Equal(ParseBudget.Default with { Time = TimeProvider.System }, budget);
    }
}
