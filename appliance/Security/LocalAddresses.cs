using System.Net;

namespace Appliance.Security;

/// <summary>What counts as "this machine only" when the API runs open (no key configured).</summary>
public static class LocalAddresses
{
    /// <summary>
    /// A <c>Host</c> header naming this machine: <c>localhost</c> (or a name under <c>.localhost</c>, which resolvers keep on
    /// loopback) or a loopback address, with any port. A DNS-rebinding page arrives with its own name here and is refused.
    /// </summary>
    public static bool IsLocalHostHeader(string? host)
    {
        if (string.IsNullOrEmpty(host))
        {
            return false;
        }

        var name = host.StartsWith('[') ? host[1..Math.Max(1, host.IndexOf(']', StringComparison.Ordinal))] : StripPort(host);
        return name.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(name, out var ip) && IsLoopback(ip));
    }

    /// <summary>Loopback, also as an IPv4-mapped IPv6 address (what a dual-stack listener reports).</summary>
    public static bool IsLoopback(IPAddress address) =>
        IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);

    /// <summary>True when a listen URL (<c>http://127.0.0.1:8000</c>, <c>http://localhost:5000</c>) is on loopback; <c>*</c>, <c>+</c> and 0.0.0.0 are not.</summary>
    public static bool IsLoopbackUrl(string url)
    {
        var normalised = url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal);
        var host = Uri.TryCreate(normalised, UriKind.Absolute, out var uri) ? uri.Host.Trim('[', ']') : "";
        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host, out var ip) && IsLoopback(ip));
    }

    private static string StripPort(string host)
    {
        var colon = host.LastIndexOf(':');
        return colon < 0 ? host : host[..colon];
    }
}
