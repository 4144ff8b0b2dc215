using Appliance.Lab;
using Appliance.Scrape;
using Appliance.Tests.Support;

namespace Appliance.Tests.Scrape;

/// <summary>
/// Each DNS and TLS fault of the lab, fetched through the real fetcher (async resolver, custom trust store)
/// over loopback, ends with the failure reason the lab's truth names; healthy names of every DNS shape load.
/// </summary>
public sealed class LabHttpsFetchTests(LabHttpsFixture f) : IClassFixture<LabHttpsFixture>
{
    [Theory]
    [InlineData(LabNetFault.DnsNxdomain, FailureReason.DnsNxdomain)]
    [InlineData(LabNetFault.DnsServfail, FailureReason.DnsServfail)]
    [InlineData(LabNetFault.DnsTimeout, FailureReason.DnsTimeout)]
    [InlineData(LabNetFault.TlsExpired, FailureReason.TlsExpired)]
    [InlineData(LabNetFault.TlsWrongName, FailureReason.TlsNameMismatch)]
    [InlineData(LabNetFault.TlsSelfSigned, FailureReason.TlsUntrusted)]
    [InlineData(LabNetFault.TlsStall, FailureReason.TlsHandshakeTimeout)]
    [InlineData(LabNetFault.TlsOldProtocol, FailureReason.TlsProtocol)]
    public async Task EachFault_FailsWithItsReason(string fault, string reason)
    {
        var site = f.FirstSite(fault);
        using var fetcher = f.Fetcher(o => o.AllowedNetworks = ["127.0.0.0/8"]);

        var result = await fetcher.FetchAsync(f.Lab.SiteUrl(site), CancellationToken.None);

        Assert.Equal(f.Truth(site).FailureReason, reason);
        Assert.True(reason == result.FailureReason, $"{fault}: expected {reason}, got {result.FailureReason} ({result.Detail})");
    }

    [Fact]
    public async Task ANameResolvingToAPrivateAddress_IsRefusedBeforeAnyConnection()
    {
        var site = f.FirstSite(LabNetFault.DnsPrivateAddress);
        using var fetcher = f.Fetcher(o => o.AllowedNetworks = []);

        var result = await fetcher.FetchAsync(f.Lab.SiteUrl(site), CancellationToken.None);

        Assert.Equal(FailureReason.BlockedAddress, result.FailureReason);
        Assert.Contains("10.", result.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Single")]
    [InlineData("CnameChain")]
    [InlineData("SeveralA")]
    public async Task HealthyNames_OfEveryShape_LoadTheirOwnPage(string shape)
    {
        var site = f.FirstSite(Enum.Parse<LabDnsShape>(shape));
        using var fetcher = f.Fetcher(o => o.AllowedNetworks = ["127.0.0.0/8"]);

        var result = await fetcher.FetchAsync(f.Lab.SiteUrl(site), CancellationToken.None);

        Assert.True(result.Ok, $"{result.FailureReason}: {result.Detail}");
        Assert.Equal(LabWeb.Page(f.Options.Seed, site, "/", f.Options).Body.Length, result.Bytes);
        result.ReleaseBody();
    }

    [Fact]
    public async Task WithoutTheLabCaConfigured_AHealthySiteIsUntrusted()
    {
        var site = f.FirstSite(LabFault.None);
        using var fetcher = f.Fetcher(o => { o.AllowedNetworks = ["127.0.0.0/8"]; o.ExtraRootCertificatesFile = null; });

        var result = await fetcher.FetchAsync(f.Lab.SiteUrl(site), CancellationToken.None);

        Assert.Equal(FailureReason.TlsUntrusted, result.FailureReason);
    }
}
