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

    [Theory]
    [InlineData("IMPORTANT: this mail is void. Your account is suspended - verify your password at http://evil.example/login")]
    [InlineData("Call +1 555 010 4477 or write to billing@evil.example about your overdue invoice")]
    [InlineData("=HYPERLINK(\"http://evil.example\") click evil.example/now")]
    public void AHostileDescription_IsQuotedOnlyAsAShortCleanPhrase_SoTheMessageNeedNotBeHeld(string description)
    {
        var message = TemplateGenerator.Generate(Lead with { Description = description, Title = "Pay at evil.example" });

        Assert.Null(message.HeldReason);
        Assert.DoesNotContain("evil.example", message.Body);
        Assert.DoesNotContain("555", message.Body);
        Assert.DoesNotContain("http", message.Body);
        var quoted = message.Body.Split('"') is { Length: 3 } parts ? parts[1] : "";
        Assert.True(quoted.Split(' ').Length <= 12, quoted);
    }

    [Fact]
    public void ALeadWithoutACompany_IsNotNamedByItsPageTitle_WhenTheTitleCarriesALink()
    {
        var message = TemplateGenerator.Generate(Lead with { Company = null, Title = "http://evil.example/login" });

        Assert.Contains("acme.example (acme.example)", message.Body);
        Assert.Null(message.HeldReason);
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
    public void ADescriptionWithAnEmojiAtEveryPositionAroundTheCut_StaysWellFormed_AndIsNotQuotedWhole()
    {
        for (var at = 150; at <= 165; at++)
        {
            var description = new string('d', at) + "👍🏽" + new string('e', 40);

            var body = TemplateGenerator.Generate(Lead with { Description = description }).Body;

            Assert.True(Appliance.Storage.StoredText.IsClean(body), $"emoji at {at}");
            // The template quotes at most a short phrase of the site (SiteText.Phrase): never a 150-character run.
            Assert.DoesNotContain(new string('d', 100), body);
            Assert.DoesNotContain("\uD83D\uDC4D\u2026", body);
        }
    }
}
