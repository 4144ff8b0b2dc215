using System.Net;
using System.Net.Sockets;

namespace Appliance.Scrape;

/// <summary>
/// Which addresses and ports the scraper may connect to. By default only public unicast on ports 80 and 443: a lead
/// file must not make the appliance reach its own host, the LAN, a cloud metadata service or another service's port
/// (SSRF). An IPv4 address wrapped in IPv6 (IPv4-compatible, mapped, NAT64, 6to4, Teredo) is judged as the IPv4
/// address it reaches; the host's own interface addresses are refused even when public. Only the networks in
/// <c>Scrape:AllowedNetworks</c> (the lab's loopback range and port) pass otherwise. Checked on the resolved address of
/// every connection, so redirects and robots.txt are covered too.
/// </summary>
/// <param name="granted">Networks let through for a while (<see cref="AddressGrants"/>), read on every check.</param>
public sealed class AddressPolicy(
    IReadOnlyCollection<AllowedNetwork> allowedNetworks, IReadOnlySet<int> allowedPorts, Func<IReadOnlySet<IPAddress>> ownAddresses,
    Func<IReadOnlyCollection<AllowedNetwork>>? granted = null)
{
    public static readonly IReadOnlySet<int> DefaultPorts = new HashSet<int> { 80, 443 };

    /// <summary>Public unicast on ports 80 and 443, no exceptions; the host's own addresses not considered.</summary>
    public static AddressPolicy PublicOnly { get; } = new([], DefaultPorts, () => new HashSet<IPAddress>());

    public bool IsAllowed(IPAddress address, int port) => Refusal(address, port) is null;

    /// <summary>Why a connection to <paramref name="address"/>:<paramref name="port"/> is refused, or null when it is allowed.</summary>
    public string? Refusal(IPAddress address, int port)
    {
        var canonical = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        foreach (var network in granted is null ? allowedNetworks : allowedNetworks.Concat(granted()))
        {
            if (network.Allows(canonical, port) || network.Allows(address, port))
            {
                return null;
            }
        }

        if (!IsPublic(address))
        {
            return "not a public address";
        }

        if (ownAddresses().Contains(canonical))
        {
            return "an address of this host";
        }

        return allowedPorts.Contains(port) ? null : $"port {port} is not allowed (Scrape:AllowedPorts)";
    }

    public static bool IsPublic(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetworkV6 && EmbeddedIPv4(address) is { } embedded)
        {
            address = embedded;
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
                || (b[0] == 192 && b[1] == 0 && b[2] == 2)      // documentation TEST-NET-1
                || (b[0] == 192 && b[1] == 88 && b[2] == 99)    // 6to4 relay anycast
                || (b[0] == 192 && b[1] == 168)                 // private
                || (b[0] == 198 && (b[1] & 0xFE) == 18)         // benchmarking
                || (b[0] == 198 && b[1] == 51 && b[2] == 100)   // documentation TEST-NET-2
                || (b[0] == 203 && b[1] == 0 && b[2] == 113)    // documentation TEST-NET-3
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
                || (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xFF && b[3] == 0x9B && b[4] == 0 && b[5] == 1) // local-use NAT64 64:ff9b:1::/48
                || (b[0] == 0x01 && b[1] == 0x00 && b[2] == 0 && b[3] == 0 && b[4] == 0 && b[5] == 0 && b[6] == 0 && b[7] == 0) // discard 100::/64
                || (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0D && b[3] == 0xB8)); // documentation
        }

        return false;
    }

    /// <summary>
    /// The IPv4 address an IPv6 address reaches, where the IPv6 form only wraps one: IPv4-compatible <c>::/96</c>,
    /// mapped <c>::ffff:0:0/96</c>, NAT64 <c>64:ff9b::/96</c> (RFC 6052), 6to4 <c>2002::/16</c> (RFC 3056) and Teredo
    /// <c>2001::/32</c> (RFC 4380: the client's address, bit-inverted, in the last 32 bits; the server's is checked too).
    /// The local-use NAT64 prefix <c>64:ff9b:1::/48</c> may place the IPv4 address at several offsets, so it is never public.
    /// </summary>
    public static IPAddress? EmbeddedIPv4(IPAddress address)
    {
        Span<byte> b = stackalloc byte[16];
        if (address.AddressFamily != AddressFamily.InterNetworkV6 || !address.TryWriteBytes(b, out _))
        {
            return null;
        }

        if (b[..10].IndexOfAnyExcept((byte)0) < 0 && ((b[10] == 0 && b[11] == 0) || (b[10] == 0xFF && b[11] == 0xFF)))
        {
            return new IPAddress(b[12..]);
        }

        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xFF && b[3] == 0x9B && b[4..12].IndexOfAnyExcept((byte)0) < 0)
        {
            return new IPAddress(b[12..]);
        }

        if (b[0] == 0x20 && b[1] == 0x02)
        {
            return new IPAddress(b[2..6]);
        }

        if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 0)
        {
            Span<byte> client = stackalloc byte[4];
            for (var i = 0; i < 4; i++)
            {
                client[i] = (byte)~b[12 + i];
            }

            // Both ends of a Teredo address must be public for it to be; a private one stands in for the pair.
            var server = new IPAddress(b[4..8]);
            return IsPublic(server) ? new IPAddress(client) : server;
        }

        return null;
    }
}
