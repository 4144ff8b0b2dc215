using System.Net;
using Appliance.Scrape;

namespace Appliance.Tests.Scrape;

public class AddressPolicyTests
{
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
    [InlineData("fe80::1")]
    [InlineData("fd00:ec2::254")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("ff02::1")]
    public void NonPublicAddresses_AreRefusedByDefault(string address)
    {
        Assert.False(new AddressPolicy(allowPrivate: false).IsAllowed(IPAddress.Parse(address)));
        Assert.True(new AddressPolicy(allowPrivate: true).IsAllowed(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("93.184.216.34")]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")]
    [InlineData("2606:2800:220:1:248:1893:25c8:1946")]
    public void PublicAddresses_AreAllowed(string address) =>
        Assert.True(new AddressPolicy(allowPrivate: false).IsAllowed(IPAddress.Parse(address)));
}
