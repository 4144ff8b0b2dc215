using Appliance.Generate;

namespace Appliance.Tests.Generate;

public class PromptTemplateTests
{
    private static readonly LeadFacts Lead = new(7, "Acme", "Ann Lee", "CEO", "Logistics", "https://acme.example/", "acme.example",
        FromSite: true, "Acme — Freight", "Freight since 1901", ["Freight", "Warehousing"], "We move things.");

    [Fact]
    public void UnknownPlaceholder_FailsNamingIt()
    {
        var e = Assert.Throws<InvalidOperationException>(() => new PromptTemplate("Hello {{first_name}} at {{compnay}}"));

        Assert.Contains("{{compnay}}", e.Message);
    }

    [Fact]
    public void Render_FillsEveryPlaceholder()
    {
        var text = new PromptTemplate("{{first_name}}|{{company}}|{{headings}}|{{facts_source}}").Render(Lead);

        Assert.Equal("Ann|Acme|Freight; Warehousing|the company's website", text);
    }

    [Fact]
    public void DefaultTemplate_LoadsAndSaysWhenTheSiteWasNotRead()
    {
        var text = PromptTemplate.Default().Render(Lead with { FromSite = false, Title = null, Excerpt = null });

        Assert.Contains("Acme", text);
        Assert.Contains("the lead file only", text);
        Assert.DoesNotContain("{{", text);
    }
}
