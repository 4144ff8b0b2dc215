using System.Net;
using System.Net.Sockets;

namespace Appliance.Scrape;

/// <summary>
/// Which addresses the scraper may connect to. By default only public unicast: a lead file must
/// not be able to make the appliance reach its own host, the LAN or a cloud metadata service (SSRF).
/// Checked on the resolved address of every connection, so redirects are covered too.
/// </summary>
public sealed class AddressPolicy(bool allowPrivate)
{
    public bool IsAllowed(IPAddress address) => allowPrivate || IsPublic(address);

    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            Span<byte> b = stackalloc byte[4];
            address.TryWriteBytes(b, out _);
            return !(b[0] == 0                                  // "this" network
                || b[0] == 10                                   // private
                || b[0] == 127                                  // loopback
                || (b[0] == 100 && (b[1] & 0xC0) == 64)         // CGNAT 100.64/10
                || (b[0] == 169 && b[1] == 254)                 // link-local, incl. 169.254.169.254 metadata
                || (b[0] == 172 && (b[1] & 0xF0) == 16)         // private
                || (b[0] == 192 && b[1] == 0 && b[2] == 0)      // IETF protocol assignments
                || (b[0] == 192 && b[1] == 168)                 // private
                || (b[0] == 198 && (b[1] & 0xFE) == 18)         // benchmarking
                || b[0] >= 224);                                // multicast, reserved, broadcast
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            Span<byte> b = stackalloc byte[16];
            address.TryWriteBytes(b, out _);
            return !(IPAddress.IsLoopback(address)
                || address.Equals(IPAddress.IPv6None)
                || address.IsIPv6LinkLocal
                || address.IsIPv6SiteLocal
                || address.IsIPv6Multicast
                || (b[0] & 0xFE) == 0xFC                        // unique local fc00::/7 (incl. fd00:ec2::254 metadata)
                || (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0D && b[3] == 0xB8)); // documentation
        }

        return false;
    }
}
