using System.Net;
using Appliance.Scrape;

namespace Appliance.Tests.Scrape;

public class AddressPolicyTests
{
    private static AddressPolicy Policy(string[]? networks = null, int[]? ports = null, string[]? own = null) => new(
        (networks ?? []).Select(n => AllowedNetwork.TryParse(n, out var a) ? a : throw new FormatException(n)).ToList(),
        ports?.ToHashSet() ?? AddressPolicy.DefaultPorts,
        () => (own ?? []).Select(IPAddress.Parse).ToHashSet());

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.16.3.4")]
    [InlineData("10.1.2.3")]
    [InlineData("172.20.0.1")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("224.0.0.1")]
    [InlineData("255.255.255.255")]
    [InlineData("::1")]
    [InlineData("::")]
    [InlineData("fe80::1")]
    [InlineData("fd00:ec2::254")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("ff02::1")]
    public void NonPublicAddresses_AreRefusedByDefault(string address)
    {
        Assert.False(Policy().IsAllowed(IPAddress.Parse(address), 80));
        Assert.False(AddressPolicy.IsPublic(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("::127.0.0.1")]            // IPv4-compatible ::/96
    [InlineData("::ffff:127.0.0.1")]       // IPv4-mapped
    [InlineData("64:ff9b::7f00:1")]        // NAT64 well-known prefix → 127.0.0.1
    [InlineData("64:ff9b::a00:1")]         // → 10.0.0.1: a DNS64 answer for a name whose A record is private
    [InlineData("64:ff9b::a9fe:a9fe")]     // → 169.254.169.254, the metadata service
    [InlineData("64:ff9b:1::a00:1")]       // local-use NAT64: never public
    [InlineData("2002:7f00:1::1")]         // 6to4 of 127.0.0.1
    [InlineData("2002:c0a8:101::1")]       // 6to4 of 192.168.1.1
    [InlineData("2001:0:4136:e378:8000:63bf:80ff:fffe")] // Teredo, client 127.0.0.1 (bit-inverted)
    [InlineData("2001:0:a00:1:8000:63bf:3fff:fdd2")]     // Teredo via a private server 10.0.0.1
    public void IPv4WrappedInIPv6_IsJudgedAsTheIPv4AddressItReaches(string address) =>
        Assert.False(Policy().IsAllowed(IPAddress.Parse(address), 80), address);

    [Theory]
    [InlineData("64:ff9b::5db8:d822")]     // NAT64 of 93.184.216.34
    [InlineData("2002:5db8:d822::1")]      // 6to4 of 93.184.216.34
    [InlineData("2001:0:4136:e378:8000:63bf:3fff:fdd2")] // Teredo: server 65.54.227.120, client 192.0.2.45 → documentation, refused
    public void WrappedPublicAddresses_FollowTheirIPv4Address(string address)
    {
        var embedded = AddressPolicy.EmbeddedIPv4(IPAddress.Parse(address));
        Assert.NotNull(embedded);
        Assert.Equal(AddressPolicy.IsPublic(embedded), Policy().IsAllowed(IPAddress.Parse(address), 443));
    }

    [Fact]
    public void EmbeddedIPv4_ReadsEachWrapping()
    {
        Assert.Equal(IPAddress.Parse("127.0.0.1"), AddressPolicy.EmbeddedIPv4(IPAddress.Parse("::127.0.0.1")));
        Assert.Equal(IPAddress.Parse("127.0.0.1"), AddressPolicy.EmbeddedIPv4(IPAddress.Parse("64:ff9b::7f00:1")));
        Assert.Equal(IPAddress.Parse("127.0.0.1"), AddressPolicy.EmbeddedIPv4(IPAddress.Parse("2002:7f00:1::1")));
        Assert.Equal(IPAddress.Parse("192.0.2.45"), AddressPolicy.EmbeddedIPv4(IPAddress.Parse("2001:0:4136:e378:8000:63bf:3fff:fdd2")));
        Assert.Null(AddressPolicy.EmbeddedIPv4(IPAddress.Parse("2606:2800:220:1:248:1893:25c8:1946")));
    }

    [Theory]
    [InlineData("93.184.216.34")]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")]
    [InlineData("2606:2800:220:1:248:1893:25c8:1946")]
    public void PublicAddresses_AreAllowedOnPorts80And443(string address)
    {
        Assert.True(Policy().IsAllowed(IPAddress.Parse(address), 80));
        Assert.True(Policy().IsAllowed(IPAddress.Parse(address), 443));
    }

    [Theory]
    [InlineData(22)]
    [InlineData(25)]
    [InlineData(6379)]
    [InlineData(8080)]
    public void OtherPorts_AreRefusedUnlessConfigured(int port)
    {
        var address = IPAddress.Parse("93.184.216.34");

        Assert.Contains("Scrape:AllowedPorts", Policy().Refusal(address, port));
        Assert.True(Policy(ports: [80, 443, port]).IsAllowed(address, port));
    }

    [Fact]
    public void TheHostsOwnAddresses_AreRefusedEvenWhenPublic()
    {
        var policy = Policy(own: ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"]);

        Assert.Equal("an address of this host", policy.Refusal(IPAddress.Parse("93.184.216.34"), 80));
        Assert.Equal("an address of this host", policy.Refusal(IPAddress.Parse("::ffff:93.184.216.34"), 80));
        Assert.False(policy.IsAllowed(IPAddress.Parse("2606:2800:220:1:248:1893:25c8:1946"), 443));
        Assert.True(policy.IsAllowed(IPAddress.Parse("8.8.8.8"), 443));
    }

    [Fact]
    public void AnAllowedNetwork_OpensOnlyItsRangeAndPort()
    {
        var lab = Policy(networks: ["127.0.0.0/8:8089"]);

        Assert.True(lab.IsAllowed(IPAddress.Parse("127.16.0.1"), 8089));
        Assert.True(lab.IsAllowed(IPAddress.Parse("::ffff:127.16.0.1"), 8089));
        Assert.False(lab.IsAllowed(IPAddress.Parse("127.0.0.1"), 5432));
        Assert.False(lab.IsAllowed(IPAddress.Parse("127.0.0.1"), 80));
        Assert.False(lab.IsAllowed(IPAddress.Parse("10.0.0.1"), 8089));
        Assert.False(lab.IsAllowed(IPAddress.Parse("169.254.169.254"), 8089));
        Assert.False(lab.IsAllowed(IPAddress.Parse("::1"), 8089));
    }

    [Fact]
    public void AGrant_OpensItsNetworkUntilDisposed()
    {
        var grants = new AddressGrants();
        var policy = new AddressPolicy([], AddressPolicy.DefaultPorts, () => new HashSet<IPAddress>(), () => grants.Current);
        AllowedNetwork.TryParse("127.0.0.0/8:9000", out var lab);

        Assert.False(policy.IsAllowed(IPAddress.Loopback, 9000));
        using (grants.Grant(lab))
        {
            Assert.True(policy.IsAllowed(IPAddress.Loopback, 9000));
            Assert.False(policy.IsAllowed(IPAddress.Loopback, 9001));
        }

        Assert.False(policy.IsAllowed(IPAddress.Loopback, 9000));
    }

    [Theory]
    [InlineData("127.0.0.0/8", "127.0.0.0/8", null)]
    [InlineData("127.0.0.0/8:8089", "127.0.0.0/8", 8089)]
    [InlineData("::1/128:8443", "::1/128", 8443)]
    [InlineData(" 10.0.0.0/24 ", "10.0.0.0/24", null)]
    public void AllowedNetwork_Parses(string text, string network, int? port)
    {
        Assert.True(AllowedNetwork.TryParse(text, out var parsed));
        Assert.Equal(IPNetwork.Parse(network), parsed.Network);
        Assert.Equal(port, parsed.Port);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.0/8:0")]
    [InlineData("127.0.0.0/8:http")]
    [InlineData("private")]
    [InlineData("")]
    public void AllowedNetwork_RefusesAnythingElse(string text) => Assert.False(AllowedNetwork.TryParse(text, out _));

    [Fact]
    public void HostAddresses_IncludeLoopback() => Assert.Contains(IPAddress.Loopback, HostAddresses.Read());
}
