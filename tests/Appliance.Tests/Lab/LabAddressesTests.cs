using System.Net;
using Appliance.Lab;

namespace Appliance.Tests.Lab;

public class LabAddressesTests
{
    [Theory]
    [InlineData(0, "127.16.0.0")]
    [InlineData(258, "127.16.1.2")]
    [InlineData(65_536 + 3, "127.17.0.3")]
    [InlineData(LabAddresses.MaxSites - 1, "127.255.255.254")]
    public void ForSite_MapsIndexToAddress_AndBack(int index, string expected)
    {
        Assert.Equal(expected, LabAddresses.ForSite(index).ToString());
        Assert.Equal(expected, LabAddresses.HostForSite(index));
        Assert.True(LabAddresses.TryGetSiteIndex(IPAddress.Parse(expected), out var back));
        Assert.Equal(index, back);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.53")]
    [InlineData("127.15.255.255")]
    [InlineData("127.255.255.255")]
    [InlineData("10.16.0.1")]
    [InlineData("::1")]
    public void TryGetSiteIndex_RefusesAddressesThatAreNotSites(string address)
    {
        Assert.False(LabAddresses.TryGetSiteIndex(IPAddress.Parse(address), out _));
    }

    [Fact]
    public void TryGetSiteIndex_AcceptsIPv4MappedIPv6()
    {
        Assert.True(LabAddresses.TryGetSiteIndex(IPAddress.Parse("::ffff:127.16.0.9"), out var index));
        Assert.Equal(9, index);
    }

    [Fact]
    public void ForSite_RefusesIndexesOutsideTheRange()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => LabAddresses.ForSite(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => LabAddresses.ForSite(LabAddresses.MaxSites));
    }
}
