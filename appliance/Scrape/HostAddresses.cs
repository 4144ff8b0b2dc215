using System.Net;
using System.Net.NetworkInformation;

namespace Appliance.Scrape;

/// <summary>
/// This host's own interface addresses, which the SSRF policy refuses even when public (a lead whose site resolves to
/// the appliance's own address would reach services bound to it). Read again at most every <c>maxAge</c>, since
/// addresses come and go (DHCP, VPNs) and reading them on every connection costs a netlink round trip.
/// </summary>
public sealed class HostAddresses(TimeProvider time, TimeSpan maxAge)
{
    private readonly Lock _gate = new();
    private IReadOnlySet<IPAddress> _addresses = new HashSet<IPAddress>();
    private long _readAt = long.MinValue;

    public IReadOnlySet<IPAddress> Current()
    {
        var now = time.GetTimestamp();
        lock (_gate)
        {
            if (_readAt == long.MinValue || time.GetElapsedTime(_readAt, now) >= maxAge)
            {
                _addresses = Read();
                _readAt = now;
            }

            return _addresses;
        }
    }

    public static IReadOnlySet<IPAddress> Read()
    {
        var set = new HashSet<IPAddress>();
        try
        {
            foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
            {
                foreach (var unicast in nic.GetIPProperties().UnicastAddresses)
                {
                    var a = unicast.Address;
                    // Without its scope id, so fe80::1%eth0 equals the fe80::1 a resolver answers.
                    set.Add(a.IsIPv4MappedToIPv6 ? a.MapToIPv4()
                        : a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 && a.ScopeId != 0 ? new IPAddress(a.GetAddressBytes()) : a);
                }
            }
        }
        catch (NetworkInformationException)
        {
            // Interfaces unreadable (a locked-down sandbox): the other rules still hold.
        }

        return set;
    }
}
