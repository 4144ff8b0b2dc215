using Appliance.Scrape;

namespace Appliance.Tests.Scrape;

public class ContactPatternsTests
{
    [Theory]
    [InlineData("+1 555 123 4567", "+15551234567")]
    [InlineData("+1 (555) 123-4567", "+15551234567")]
    [InlineData("+44 20 7946 0958", "+442079460958")]
    [InlineData("(555) 123-4567", "5551234567")]
    [InlineData("+1 55", null)]
    public void CanonicalPhone(string raw, string? expected) => Assert.Equal(expected, ContactPatterns.CanonicalPhone(raw));

    [Theory]
    [InlineData("https://www.Facebook.com/acme/", "https://facebook.com/acme")]
    [InlineData("https://x.com/acme?ref=1", "https://x.com/acme")]
    [InlineData("https://facebook.com/sharer/sharer.php?u=x", null)]
    [InlineData("https://example.com/acme", null)]
    public void CanonicalSocial(string url, string? expected) => Assert.Equal(expected, ContactPatterns.CanonicalSocial(new Uri(url)));

    [Theory]
    [InlineData("a@b.com@c.org", "a@b.com")]                       // the second '@' has no name left: it ends the first match
    [InlineData("x.y+tag@mail.acme.example.", "x.y+tag@mail.acme.example")]
    [InlineData("(info@acme.example),sales@acme.example;", "info@acme.example sales@acme.example")]
    [InlineData("@acme.example and me@ and me@x and @", "")]
    [InlineData("Mail: Info@Acme.Example-Shop.de!", "info@acme.example-shop.de")]
    [InlineData("user@host.c0m and u@h.example", "u@h.example")]   // the TLD is letters only: the first is no address
    public void PlainEmails_AreTheLeftmostNonOverlappingMatches(string text, string expected)
    {
        var emails = new SortedSet<string>(StringComparer.Ordinal);

        ContactPatterns.AddEmailsInText(text, emails);

        Assert.Equal(expected.Split(' ', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal), emails);
    }

    [Fact]
    public void PlainEmails_InALongText_AreAllFound()
    {
        var filler = string.Concat(Enumerable.Repeat("Lorem-ipsum dolor.sit amet_consectetur 100% adipiscing+elit ", 500));
        var emails = new SortedSet<string>(StringComparer.Ordinal);

        ContactPatterns.AddEmailsInText($"first@one.example {filler} mid.dle@two.example {filler}last@three.example", emails);

        Assert.Equal(["first@one.example", "last@three.example", "mid.dle@two.example"], emails);
    }

    [Fact]
    public void ObfuscatedEmails_AreDecoded()
    {
        var emails = new SortedSet<string>(StringComparer.Ordinal);

        ContactPatterns.AddEmailsInText("Anna [at] shop [dot] example [dot] com, or Bo (AT) x.example", emails);

        Assert.Equal(["anna@shop.example.com", "bo@x.example"], emails);
    }

    [Fact]
    public void ObfuscatedEmails_AreFoundAnywhereInALongText_AndNeverStartInsideAnEarlierOne()
    {
        var filler = string.Concat(Enumerable.Repeat("Lorem ipsum (dolor) [sit] amet, consectetur-adipiscing elit. ", 400));
        var emails = new SortedSet<string>(StringComparer.Ordinal);

        ContactPatterns.AddEmailsInText(filler + "Write to sales{AT}acme{dot}example or a [at] b [dot] com [at] c [dot] org." + filler + "last(at)end.example", emails);

        // "com [at] c [dot] org" is not an address: its name would start inside the match before it.
        Assert.Equal(["a@b.com", "last@end.example", "sales@acme.example"], emails);
    }
}
