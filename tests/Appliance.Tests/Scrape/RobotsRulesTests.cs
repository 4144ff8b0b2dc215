using Appliance.Scrape;

namespace Appliance.Tests.Scrape;

public class RobotsRulesTests
{
    private const string Robots = """
        User-agent: *
        Disallow: /private
        Allow: /private/open
        Disallow: /*.pdf$

        User-agent: ApplianceBot
        User-agent: OtherBot
        Disallow: /
        Allow: /public
        """;

    [Fact]
    public void OurGroup_WinsOverTheWildcard()
    {
        var rules = RobotsRules.Parse(Robots, "ApplianceBot");

        Assert.False(rules.IsAllowed("/"));
        Assert.True(rules.IsAllowed("/public/page"));
    }

    [Theory]
    [InlineData("/", true)]
    [InlineData("/private/x", false)]
    [InlineData("/private/open/x", true)]
    [InlineData("/files/a.pdf", false)]
    [InlineData("/files/a.pdf?x=1", true)]
    public void Wildcard_LongestMatchWins(string path, bool allowed) =>
        Assert.Equal(allowed, RobotsRules.Parse(Robots, "SomeoneElse").IsAllowed(path));

    [Fact]
    public void EmptyOrGarbage_AllowsEverything() =>
        Assert.True(RobotsRules.Parse("<html>not robots</html>", "ApplianceBot").IsAllowed("/anything"));

    [Theory]
    [InlineData("/*.pdf$", "/a.pdf/b.pdf", true)]
    [InlineData("/*.pdf$", "/a.pdf/b.html", false)]
    [InlineData("/*.pdf$", "/a.pdf", true)]
    [InlineData("/*.pdf$", "/.pdf", true)]
    [InlineData("/*.pdf$", "/a.pdfx", false)]
    [InlineData("/a$", "/a", true)]
    [InlineData("/a$", "/ab", false)]
    [InlineData("/a*b*c$", "/a-c-b-c-bc", true)]
    [InlineData("/a*b*c$", "/abcx", false)]
    [InlineData("/x*yy$", "/xy", false)]
    [InlineData("/*$", "/anything", true)]
    [InlineData("/private", "/private/x", true)]
    public void Dollar_AnchorsTheLastPartAtTheEnd_WhereverItFirstOccurs(string pattern, string path, bool matches) =>
        Assert.Equal(matches, RobotsRules.Matches(pattern, path));

    [Fact]
    public void DisallowedPdf_InADirectoryNamedLikeAPdf_IsStillDisallowed() =>
        Assert.False(RobotsRules.Parse(Robots, "SomeoneElse").IsAllowed("/a.pdf/b.pdf"));

    [Fact]
    public void ApproxBytes_GrowsWithTheRules()
    {
        var few = RobotsRules.Parse("User-agent: *\nDisallow: /a\n", "ApplianceBot");
        var many = RobotsRules.Parse("User-agent: *\n" + string.Concat(Enumerable.Range(0, 1000).Select(i => $"Disallow: /path/{i}/long-enough\n")), "ApplianceBot");

        Assert.True(many.ApproxBytes > 500 * few.ApproxBytes);
    }
}
