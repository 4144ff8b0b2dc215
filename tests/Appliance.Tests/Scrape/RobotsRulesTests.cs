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
}
