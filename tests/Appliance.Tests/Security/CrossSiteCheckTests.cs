using Appliance.Security;

namespace Appliance.Tests.Security;

public class CrossSiteCheckTests
{
    [Theory]
    [InlineData("POST", "cross-site", null, true)]
    [InlineData("POST", "same-site", null, true)]
    [InlineData("DELETE", null, "http://attacker.example", true)]
    [InlineData("PUT", null, "null", true)]
    [InlineData("POST", null, "http://localhost:8001", true)]
    [InlineData("POST", "same-origin", "http://localhost:8000", false)]
    [InlineData("POST", "none", null, false)]
    [InlineData("POST", null, "https://localhost:8000", false)]
    [InlineData("POST", null, null, false)]
    [InlineData("GET", "cross-site", "http://attacker.example", false)]
    [InlineData("HEAD", "cross-site", null, false)]
    public void OnlyReadsMayComeFromAnotherSite(string method, string? fetchSite, string? origin, bool refused) =>
        Assert.Equal(refused, CrossSiteCheck.IsRefused(method, fetchSite, origin, "localhost:8000"));

    [Theory]
    [InlineData("localhost", true)]
    [InlineData("LOCALHOST:8000", true)]
    [InlineData("app.localhost:8000", true)]
    [InlineData("127.0.0.1:8000", true)]
    [InlineData("127.5.6.7", true)]
    [InlineData("[::1]:8000", true)]
    [InlineData("attacker.example", false)]
    [InlineData("localhost.attacker.example", false)]
    [InlineData("127.0.0.1.nip.io", false)]
    [InlineData("[::]:8000", false)]
    [InlineData("", false)]
    public void HostHeader_IsLocalOnlyForLoopbackNames(string host, bool local) =>
        Assert.Equal(local, LocalAddresses.IsLocalHostHeader(host));
}
