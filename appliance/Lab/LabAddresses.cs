using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Appliance.Lab;

/// <summary>
/// Site index to loopback address and back. Linux routes all of 127/8 to <c>lo</c>, so every
/// site gets its own address (and per-host connection limits bite as on the real web); its name
/// (<see cref="LabNames"/>) resolves to it through the lab's DNS server. Sites start at 127.16.0.0, leaving 127.0.0.0/16 (127.0.0.1, resolvers on 127.0.0.53)
/// to everything else; 127.255.255.255, the broadcast address, is never a site.
/// </summary>
public static class LabAddresses
{
    private const int FirstSecondOctet = 16;

    /// <summary>How many sites the address space holds: 127.16.0.0 to 127.255.255.254.</summary>
    public const int MaxSites = ((256 - FirstSecondOctet) << 16) - 1;

    public static IPAddress ForSite(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, MaxSites);
        return new IPAddress(new byte[] { 127, (byte)(FirstSecondOctet + (index >> 16)), (byte)((index >> 8) & 255), (byte)(index & 255) });
    }

    /// <summary>The dotted form, without an <see cref="IPAddress"/> in between (the leads writer calls it per row).</summary>
    public static string HostForSite(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, MaxSites);
        return string.Create(CultureInfo.InvariantCulture, $"127.{FirstSecondOctet + (index >> 16)}.{(index >> 8) & 255}.{index & 255}");
    }

    public static bool TryGetSiteIndex(IPAddress? address, out int index)
    {
        index = -1;
        if (address is null)
        {
            return false;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetwork)
        {
            return false;
        }

        Span<byte> b = stackalloc byte[4];
        address.TryWriteBytes(b, out _);
        if (b[0] != 127 || b[1] < FirstSecondOctet)
        {
            return false;
        }

        var candidate = ((b[1] - FirstSecondOctet) << 16) | (b[2] << 8) | b[3];
        if (candidate >= MaxSites)
        {
            return false;
        }

        index = candidate;
        return true;
    }

    public static bool TryGetSiteIndex(string? host, out int index)
    {
        index = -1;
        return IPAddress.TryParse(host, out var address) && TryGetSiteIndex(address, out index);
    }
}
