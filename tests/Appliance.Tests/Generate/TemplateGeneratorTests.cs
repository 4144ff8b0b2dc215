using Appliance.Generate;

namespace Appliance.Tests.Generate;

public class TemplateGeneratorTests
{
    private static readonly LeadFacts Lead = new(7, "Acme", "Ann Lee", "CEO", "Logistics", "https://acme.example/", "acme.example",
        FromSite: true, "Acme — Freight", "Freight since 1901", ["Freight"], "We move things.");

    [Fact]
    public void Message_UsesTheFacts_AndSaysItIsATemplate()
    {
        var message = TemplateGenerator.Generate(Lead);

        Assert.Equal("template", message.Generator);
        Assert.StartsWith("Hi Ann,", message.Body);
        Assert.Contains("Acme (acme.example)", message.Body);
        Assert.Contains("Freight since 1901", message.Body);
        Assert.Contains("logistics", message.Body);
    }

    [Fact]
    public void SameLead_SameMessage_AndAFailedSiteStillGetsOne()
    {
        Assert.Equal(TemplateGenerator.Generate(Lead).Body, TemplateGenerator.Generate(Lead).Body);

        var fromFileOnly = TemplateGenerator.Generate(Lead with { FromSite = false, Description = null, Contact = null });
        Assert.StartsWith("Hi there,", fromFileOnly.Body);
        Assert.DoesNotContain("Freight since", fromFileOnly.Body);
    }

    [Fact]
    public void ADescriptionWithAnEmojiAtEveryPositionAroundTheCut_StaysWellFormed()
    {
        for (var at = 150; at <= 165; at++)
        {
            var description = new string('d', at) + "👍🏽" + new string('e', 40);

            var body = TemplateGenerator.Generate(Lead with { Description = description }).Body;

            Assert.True(Appliance.Storage.StoredText.IsClean(body), $"emoji at {at}");
            Assert.Contains(at + 4 <= 160 ? "👍🏽" : "…", body);
            Assert.DoesNotContain("\uD83D\uDC4D\u2026", body);
        }
    }
}
