using Appliance.Generate;

namespace Appliance.Tests.Generate;

public class MessageGuardTests
{
    private const string Lead = "https://www.acme.example/";

    [Theory]
    [InlineData("IMPORTANT: this mail is void. Your account is suspended - verify your password at http://evil.example/login", "http://evil.example/login")]
    [InlineData("Please log in at evil-bank.com/verify to continue.", "evil-bank.com/verify")]
    [InlineData("See www.evil.example for details.", "www.evil.example")]
    [InlineData("Reply to security@evil.example today.", "security@evil.example")]
    [InlineData("Call us on +1 (555) 010-4477 now.", "+1 (555) 010-4477")]
    [InlineData("Visit https://acme.example.evil.example/ for more.", "acme.example.evil.example")]
    [InlineData("Open hxxp://203.0.113.9/x", "203.0.113.9")]
    public void AMessagePointingElsewhere_IsHeld_NamingWhat(string body, string named)
    {
        var reason = MessageGuard.HoldReason(body, Lead, ["jane@acme.example"], ["+44 20 7946 0958"]);

        Assert.NotNull(reason);
        Assert.Contains(named, reason);
    }

    [Theory]
    [InlineData("Hi Jane,\n\nI was looking at Acme (acme.example) and liked your work on widgets. Would a 15-minute call next week be useful?\n\nBest regards")]
    [InlineData("I read https://www.acme.example/about and https://shop.acme.example/ with interest.")]
    [InlineData("Is jane@acme.example or sales@acme.example the right address?")]
    [InlineData("I tried +44 20 7946 0958 but could not get through.")]
    [InlineData("Between 80 and 120 customers in 2024, 15 minutes, 3.5 stars.")]
    [InlineData("No links at all. Just a question: is this useful?")]
    public void AMessageAboutTheLeadOnly_GoesOut(string body) =>
        Assert.Null(MessageGuard.HoldReason(body, Lead, ["jane@acme.example"], ["+44 20 7946 0958"]));

    [Fact]
    public void ALeadAtAnAddress_MayBeNamedByIt()
    {
        var message = TemplateGenerator.Generate(new LeadFacts(3, null, "Ann", null, null, "http://127.16.0.5:8089/", "127.16.0.5", false, null, null, [], null));

        Assert.Contains("(127.16.0.5)", message.Body);
        Assert.Null(message.HeldReason);
        Assert.NotNull(MessageGuard.HoldReason("Call 127.16.0.9 now", "http://127.16.0.5:8089/"));
    }
}
