using System.Globalization;
using System.Net;

namespace Appliance.Scrape;

/// <summary>
/// One entry of <c>Scrape:AllowedNetworks</c>: a network the SSRF policy lets the scraper reach although it is not
/// public, on one port or on any. Written <c>CIDR</c> or <c>CIDR:PORT</c> (<c>127.0.0.0/8:8089</c>, <c>::1/128:8443</c>):
/// the lab's range and its port, never a blanket "private is fine".
/// </summary>
public readonly record struct AllowedNetwork(IPNetwork Network, int? Port)
{
    public bool Allows(IPAddress address, int port) => Network.Contains(address) && (Port is null || Port == port);

    public static bool TryParse(string? text, out AllowedNetwork allowed)
    {
        allowed = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var colon = slash < 0 ? -1 : text.IndexOf(':', slash);
        int? port = null;
        if (colon >= 0)
        {
            if (!int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var p) || p is < 1 or > 65535)
            {
                return false;
            }

            port = p;
            text = text[..colon];
        }

        if (slash < 0 || !IPNetwork.TryParse(text, out var network))
        {
            return false;
        }

        allowed = new AllowedNetwork(network, port);
        return true;
    }

    public override string ToString() => Port is { } p ? string.Create(CultureInfo.InvariantCulture, $"{Network}:{p}") : Network.ToString();
}
