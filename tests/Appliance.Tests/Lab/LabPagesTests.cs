using System.Text;
using Appliance.Lab;

namespace Appliance.Tests.Lab;

/// <summary>The rendered pages against the truth, offline: what the server sends is what these check.</summary>
public class LabPagesTests
{
    private static readonly LabOptions Options = new();

    [Fact]
    public void HomePages_ShowExactlyTheTruth()
    {
        var checkedSites = 0;
        for (var i = 0; i < 400; i++)
        {
            var truth = LabWeb.Truth(42, i, Options);
            if (truth.Fault is not (LabFault.None or LabFault.RedirectChain or LabFault.Robots))
            {
                continue;
            }

            var page = LabWeb.Page(42, i, "/", Options);
            var html = LabPageReader.Decode(page.Body, page.ContentType);
            var lower = html.ToLowerInvariant();
            var message = $"site {i} ({truth.Layout}, {truth.Charset})";
            var expected = truth.Fault == LabFault.Robots ? LabWeb.Truth(42, i, new LabOptions { Faults = false }) : truth;

            Assert.True(expected.Title == LabPageReader.Title(html), message + ": title");
            Assert.True(expected.Description == LabPageReader.Description(html), message + ": description");
            Assert.Subset(expected.Emails.ToHashSet(), LabPageReader.PlainEmails(html));
            Assert.All(expected.Emails, e => Assert.True(Written(lower, e), $"{message}: {e} is not on the page"));
            Assert.Equal(expected.Phones.ToHashSet(), LabPageReader.Phones(html));
            Assert.Equal(expected.SocialLinks, LabPageReader.SocialLinks(html));
            Assert.True(page.Body.Length is >= 2_000 and <= 300 * 1024, $"{message}: {page.Body.Length} bytes");
            checkedSites++;
        }

        Assert.True(checkedSites > 300);
    }

    [Fact]
    public void Windows1252Pages_AreEncodedAsSingleBytes()
    {
        var index = Enumerable.Range(0, 5_000).First(i => LabWeb.Truth(42, i, Options) is { Fault: LabFault.None, Charset: "windows1252_header" or "windows1252_meta" });
        var truth = LabWeb.Truth(42, index, Options);
        var body = LabWeb.Page(42, index, "/", Options).Body;

        Assert.Equal(truth.Title, LabPageReader.Title(Encoding.Latin1.GetString(body)));
        Assert.Contains(body, b => b is 0xE4 or 0xE9 or 0xFC or 0xE0);
        Assert.NotEqual(truth.Title, LabPageReader.Title(Encoding.UTF8.GetString(body)));
    }

    [Fact]
    public void HugePage_IsFiveMegabytes_WithEverythingTheTruthHoldsInTheFirst50KB()
    {
        var index = Enumerable.Range(0, 5_000).First(i => LabWeb.Truth(42, i, Options).Fault == LabFault.HugePage);
        var truth = LabWeb.Truth(42, index, Options);
        var body = LabWeb.Page(42, index, "/", Options).Body;
        var head = Encoding.UTF8.GetString(body, 0, 50 * 1024);

        Assert.True(body.Length >= 5 * 1024 * 1024);
        Assert.Equal(truth.Title, LabPageReader.Title(head));
        Assert.Equal(truth.Phones.ToHashSet(), LabPageReader.Phones(head));
        Assert.Equal(truth.SocialLinks, LabPageReader.SocialLinks(head));
        Assert.Equal(truth.Phones.ToHashSet(), LabPageReader.Phones(Encoding.UTF8.GetString(body)));
    }

    [Fact]
    public void ContactPage_ShowsAddressesTheHomePageDoesNot()
    {
        var index = Enumerable.Range(0, 500).First(i => LabWeb.Truth(42, i, Options) is { Fault: LabFault.None, Layout: "modern" });
        var truth = LabWeb.Truth(42, index, Options);
        var contact = LabPageReader.PlainEmails(Encoding.UTF8.GetString(LabWeb.Page(42, index, "/contact", Options).Body));

        Assert.Contains(contact, e => e.StartsWith("careers@", StringComparison.Ordinal));
        Assert.DoesNotContain(truth.Emails, e => e.StartsWith("careers@", StringComparison.Ordinal));
    }

    private static bool Written(string page, string email)
    {
        var at = email.IndexOf('@');
        var (local, domain) = (email[..at], email[(at + 1)..]);
        return page.Contains(email, StringComparison.Ordinal)
            || page.Contains(local + "(at)" + domain, StringComparison.Ordinal)
            || page.Contains(local + " [at] " + domain.Replace(".", " [dot] ", StringComparison.Ordinal), StringComparison.Ordinal);
    }
}
