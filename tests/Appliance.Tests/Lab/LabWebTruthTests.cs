using System.Text.Json;
using System.Text.RegularExpressions;
using Appliance.Lab;

namespace Appliance.Tests.Lab;

public class LabWebTruthTests
{
    private static readonly LabOptions Options = new();

    [Fact]
    public void Truth_IsDeterministic()
    {
        foreach (var index in new[] { 0, 1, 17, 4_242, 1_000_000 })
        {
            Assert.Equal(Json(LabWeb.Truth(42, index, Options)), Json(LabWeb.Truth(42, index, new LabOptions())));
        }
    }

    [Fact]
    public void DifferentSeeds_GiveDifferentSites()
    {
        var a = Enumerable.Range(0, 50).Select(i => LabWeb.Truth(1, i, Options).Title);
        var b = Enumerable.Range(0, 50).Select(i => LabWeb.Truth(2, i, Options).Title);

        Assert.NotEqual(a, b);
    }

    [Fact]
    public void HealthySites_HaveCanonicalFields()
    {
        var healthy = Enumerable.Range(0, 2_000).Select(i => LabWeb.Truth(42, i, Options)).Where(t => t.ExpectedStatus == "done").ToList();

        Assert.All(healthy, t =>
        {
            Assert.False(string.IsNullOrWhiteSpace(t.Title));
            Assert.Equal(LabPageReader.Fold(t.Title!), t.Title);
            Assert.Equal(t.Emails.Order(StringComparer.Ordinal).Distinct(), t.Emails);
            Assert.All(t.Emails, e => Assert.Matches("^[a-z0-9.]+@[a-z0-9.-]+\\.[a-z]{2,}$", e));
            Assert.Equal(t.Phones.Order(StringComparer.Ordinal).Distinct(), t.Phones);
            Assert.All(t.Phones, p => Assert.Matches("^\\+\\d{9,13}$", p));
            Assert.Equal(t.SocialLinks.Order(StringComparer.Ordinal).Distinct(), t.SocialLinks);
            Assert.All(t.SocialLinks, s => Assert.Matches("^https://(facebook\\.com|linkedin\\.com/company|x\\.com|twitter\\.com|instagram\\.com|youtube\\.com)/[^/?#]+$", s));
        });

        // The variety the scraper must cope with is really there.
        Assert.Equal(5, healthy.Select(t => t.Layout).Distinct().Count());
        Assert.Equal(8, healthy.Select(t => t.Charset).Distinct().Count());
        Assert.Contains(healthy, t => t.Description is null);
        Assert.Contains(healthy, t => t.Emails.Count == 0 && t.Layout != "spa");
        Assert.Contains(healthy, t => t.Title!.Any(c => c > 127));
    }

    [Fact]
    public void FailedSites_HaveNoExtractedFields()
    {
        var failed = Enumerable.Range(0, 2_000).Select(i => LabWeb.Truth(42, i, Options)).Where(t => t.ExpectedStatus == "failed").ToList();

        Assert.NotEmpty(failed);
        Assert.All(failed, t => Assert.True(t.Title is null && t.Description is null && t.Emails.Count == 0 && t.Phones.Count == 0 && t.SocialLinks.Count == 0));
    }

    [Fact]
    public void Windows1252Sites_HaveNonAsciiLettersInTheirTitle()
    {
        var sites = Enumerable.Range(0, 3_000).Select(i => LabWeb.Truth(42, i, Options)).Where(t => t.Charset.StartsWith("windows1252", StringComparison.Ordinal) && t.Title is not null).ToList();

        Assert.NotEmpty(sites);
        Assert.All(sites, t => Assert.Matches(new Regex("[äöüéèàçîÄÖÜÉ]"), t.Title!));
    }

    private static string Json(LabTruth truth) => JsonSerializer.Serialize(truth);
}
