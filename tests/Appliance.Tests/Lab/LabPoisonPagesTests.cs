using System.Net.Http.Headers;
using Appliance.Lab;
using Appliance.Scrape;
using Appliance.Storage;

namespace Appliance.Tests.Lab;

/// <summary>The lab's poison pages, read by the real decoder and extractor, come out as their truth says.</summary>
public class LabPoisonPagesTests
{
    private const int Seed = 42;

    private static LabOptions Only(string fault) => new()
    {
        NotFoundRate = 0, ServerErrorRate = 0, RedirectChainRate = 0, RedirectLoopRate = 0, HangRate = 0, SlowDripRate = 0,
        NotHtmlRate = 0, HugePageRate = 0, GzipBombRate = 0, ResetRate = 0, RobotsDisallowRate = 0,
        DeepNestingRate = fault == LabFault.DeepNesting ? 1 : 0,
        EmojiCapsRate = fault == LabFault.EmojiCaps ? 1 : 0,
        LyingCharsetRate = fault == LabFault.LyingCharset ? 1 : 0,
    };

    [Theory]
    [InlineData(LabFault.DeepNesting)]
    [InlineData(LabFault.EmojiCaps)]
    [InlineData(LabFault.LyingCharset)]
    public void PoisonHomePages_YieldTheirTruth(string fault)
    {
        var options = Only(fault);
        foreach (var index in new[] { 3, 77, 1_234 })
        {
            var truth = LabWeb.Truth(Seed, index, options);
            var page = LabWeb.Page(Seed, index, "/", options);
            var html = CharsetDecoder.Decode(page.Body, MediaTypeHeaderValue.Parse(page.ContentType).CharSet, out var repaired);

            // The depth and size caps are under test here, not the wall-clock one: on a loaded machine a deep page can take
            // longer than the default 2 s to parse, which ParseBudgetTests cover with a fake clock.
            var facts = new PageExtractor(ParseBudget.Default with { Timeout = TimeSpan.FromMinutes(5) }).Extract(html, new Uri($"http://{truth.Host}/"));

            Assert.Equal(fault, truth.Fault);
            Assert.Equal("done", truth.ExpectedStatus);
            Assert.Equal(truth.Title, facts.Title);
            Assert.Equal(truth.Description, facts.Description);
            Assert.Equal(truth.Emails, facts.Emails);
            Assert.Equal(truth.Phones, facts.Phones);
            Assert.Equal(truth.SocialLinks, facts.SocialLinks);
            Assert.Equal(fault == LabFault.LyingCharset, repaired);
            Assert.Equal(fault == LabFault.DeepNesting, facts.Cut is not null);
            Assert.True(StoredText.IsClean(facts.TextExcerpt));
        }
    }

    [Fact]
    public void EmojiCapsPage_PutsAnEmojiAcrossEveryCap()
    {
        var options = Only(LabFault.EmojiCaps);
        var truth = LabWeb.Truth(Seed, 5, options);

        Assert.Equal(159, truth.Title!.IndexOf("🇵🇱", StringComparison.Ordinal));
        Assert.Equal(199, truth.Description!.IndexOf("👨", StringComparison.Ordinal));
    }

    [Fact]
    public void TheStandardMix_HasNoPoisonPages()
    {
        var faults = Enumerable.Range(0, 5_000).Select(i => LabWeb.Truth(Seed, i, new LabOptions()).Fault).ToHashSet();

        Assert.DoesNotContain(LabFault.DeepNesting, faults);
        Assert.DoesNotContain(LabFault.EmojiCaps, faults);
        Assert.DoesNotContain(LabFault.LyingCharset, faults);
    }
}
