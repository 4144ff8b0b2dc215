using System.Net;
using Appliance.Scrape;
using Appliance.Tests.Support;
using Microsoft.Extensions.Options;

namespace Appliance.Tests.Scrape;

/// <summary>When the resolver asks for AAAA: only when the name exists and has no A record.</summary>
public sealed class DnsResolverAaaaTests
{
    private static readonly IPAddress V4 = IPAddress.Parse("127.16.0.7");
    private static readonly IPAddress V6 = IPAddress.IPv6Loopback;

    private static DnsResolver Resolver(FakeDnsServer dns, TempDirectory dir) => new(Options.Create(new ScrapeOptions
    {
        DnsServers = [dns.Endpoint],
        HostsFile = dir.Write("hosts", "# nothing pinned\n"),
        DnsTimeoutMs = 2_000,
    }));

    [Fact]
    public async Task ANameWithAnIPv4Address_IsNotAskedForAAAA()
    {
        await using var dns = new FakeDnsServer(new() { ["dual.test"] = [V4, V6] });
        using var dir = new TempDirectory();
        using var resolver = Resolver(dns, dir);

        var addresses = await resolver.ResolveAsync("dual.test", CancellationToken.None);

        Assert.Equal([V4], addresses);
        Assert.Equal(1, dns.CountOf("A"));
        Assert.Equal(0, dns.CountOf("AAAA"));
        Assert.Equal(1, resolver.Lookups);
    }

    [Fact]
    public async Task ANameWithNoIPv4Address_IsAskedForAAAA_AndResolvesToIt()
    {
        await using var dns = new FakeDnsServer(new() { ["six.test"] = [V6] });
        using var dir = new TempDirectory();
        using var resolver = Resolver(dns, dir);

        var addresses = await resolver.ResolveAsync("six.test", CancellationToken.None);

        Assert.Equal([V6], addresses);
        Assert.Equal(1, dns.CountOf("A"));
        Assert.Equal(1, dns.CountOf("AAAA"));
    }

    [Fact]
    public async Task ANameThatDoesNotExist_IsNotAskedForAAAA()
    {
        await using var dns = new FakeDnsServer([]);
        using var dir = new TempDirectory();
        using var resolver = Resolver(dns, dir);

        var failure = await Assert.ThrowsAsync<DnsLookupException>(() => resolver.ResolveAsync("gone.test", CancellationToken.None));

        Assert.Equal(FailureReason.DnsNxdomain, failure.Reason);
        Assert.Equal(1, dns.CountOf("A"));
        Assert.Equal(0, dns.CountOf("AAAA"));
    }

    [Fact]
    public async Task ANameWhoseAQueryFails_IsNotAskedForAAAA_AndFailsWithTheReason()
    {
        await using var dns = new FakeDnsServer(new() { ["broken.test"] = null });
        using var dir = new TempDirectory();
        using var resolver = Resolver(dns, dir);

        var failure = await Assert.ThrowsAsync<DnsLookupException>(() => resolver.ResolveAsync("broken.test", CancellationToken.None));

        Assert.Equal(FailureReason.DnsServfail, failure.Reason);
        Assert.Equal(0, dns.CountOf("AAAA"));
    }

    [Fact]
    public async Task ANameWithNoAddressOfEitherKind_AsksBoth_AndFailsAsNoRecord()
    {
        await using var dns = new FakeDnsServer(new() { ["empty.test"] = [] });
        using var dir = new TempDirectory();
        using var resolver = Resolver(dns, dir);

        var failure = await Assert.ThrowsAsync<DnsLookupException>(() => resolver.ResolveAsync("empty.test", CancellationToken.None));

        Assert.Equal(FailureReason.Dns, failure.Reason);
        Assert.Contains("no A or AAAA record", failure.Message);
        Assert.Equal(1, dns.CountOf("A"));
        Assert.Equal(1, dns.CountOf("AAAA"));
    }
}
