using Appliance.Lab;
using Appliance.Scrape;
using Appliance.Tests.Support;
using Microsoft.Extensions.Options;

namespace Appliance.Tests.Scrape;

/// <summary>The resolver against the lab's DNS server over loopback UDP: answers, failures, caches and /etc/hosts.</summary>
public sealed class DnsResolverTests(LabHttpsFixture f) : IClassFixture<LabHttpsFixture>
{
    private DnsResolver Resolver(Action<ScrapeOptions>? change = null) => new(Options.Create(f.ScrapeOptions(change)));

    [Fact]
    public async Task ASiteName_ResolvesToItsLabAddress_AndRepeatsComeFromTheCache()
    {
        var site = f.FirstSite(LabFault.None, i => LabSite.Create(f.Options.Seed, i, f.Options).DnsShape == LabDnsShape.Single);
        using var resolver = Resolver();

        var first = await resolver.ResolveAsync(LabNames.ForSite(f.Options.Seed, site), CancellationToken.None);
        var lookups = resolver.Lookups;
        var again = await resolver.ResolveAsync(LabNames.ForSite(f.Options.Seed, site).ToUpperInvariant(), CancellationToken.None);

        Assert.Equal([LabAddresses.ForSite(site)], first);
        Assert.Equal(first, again);
        Assert.Equal(1, lookups); // A, once: it had an address, so AAAA was not asked
        Assert.Equal(lookups, resolver.Lookups);
    }

    [Fact]
    public async Task Nxdomain_IsRemembered_SoTheResolverIsNotAskedAgain()
    {
        using var resolver = Resolver();
        var name = "www.nobody-here-s1.test";

        var first = await Assert.ThrowsAsync<DnsLookupException>(() => resolver.ResolveAsync(name, CancellationToken.None));
        var lookups = resolver.Lookups;
        var second = await Assert.ThrowsAsync<DnsLookupException>(() => resolver.ResolveAsync(name, CancellationToken.None));

        Assert.Equal(FailureReason.DnsNxdomain, first.Reason);
        Assert.Equal(FailureReason.DnsNxdomain, second.Reason);
        Assert.Equal(lookups, resolver.Lookups);
    }

    [Fact]
    public async Task ConcurrentLookupsOfOneName_ShareOneQuery()
    {
        var site = f.FirstSite(LabFault.None);
        using var resolver = Resolver();
        var name = LabNames.ForSite(f.Options.Seed, site);

        await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => resolver.ResolveAsync(name, CancellationToken.None)));

        Assert.Equal(1, resolver.Lookups);
    }

    [Fact]
    public async Task TheHostsFile_AnswersBeforeAnyResolver()
    {
        using var dir = new TempDirectory();
        var hosts = dir.Write("hosts", "# pinned\n127.0.0.1\tlocalhost\n127.16.0.9 pinned.example.test alias.example.test # trailing\n::1 localhost ip6-localhost\n");
        using var resolver = Resolver(o => o.HostsFile = hosts);

        var pinned = await resolver.ResolveAsync("PINNED.example.test", CancellationToken.None);
        var alias = await resolver.ResolveAsync("alias.example.test.", CancellationToken.None);
        var localhost = await resolver.ResolveAsync("localhost", CancellationToken.None);

        Assert.Equal([System.Net.IPAddress.Parse("127.16.0.9")], pinned);
        Assert.Equal(pinned, alias);
        Assert.Equal([System.Net.IPAddress.Loopback, System.Net.IPAddress.IPv6Loopback], localhost);
        Assert.Equal(0, resolver.Lookups);
    }

    [Fact]
    public void HostsFile_SkipsCommentsAndMalformedLines()
    {
        var hosts = HostsFile.Parse("not-an-address name\n# 10.0.0.1 commented\n10.0.0.2\n10.0.0.3 real # 10.0.0.4 other\n");

        Assert.Equal(1, hosts.Count);
        Assert.True(hosts.TryGet("real", out var real));
        Assert.Equal([System.Net.IPAddress.Parse("10.0.0.3")], real);
        Assert.False(hosts.TryGet("other", out _));
    }
}
