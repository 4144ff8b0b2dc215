using System.Net;
using System.Net.Sockets;

namespace Appliance.Scrape;

/// <summary>Thrown when a host resolves only to addresses the <see cref="AddressPolicy"/> refuses.</summary>
public sealed class BlockedAddressException(string message) : Exception(message);

/// <summary>
/// The connection step of every fetch: resolve, refuse what the policy refuses, connect to the first
/// allowed address. Doing it here, not on the URL, also covers redirects and DNS rebinding.
/// </summary>
internal static class PolicyConnector
{
    public static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, AddressPolicy policy, CancellationToken ct)
    {
        var endpoint = context.DnsEndPoint;
        var addresses = IPAddress.TryParse(endpoint.Host.Trim('[', ']'), out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(endpoint.Host, ct);
        var allowed = addresses.Where(a => policy.IsAllowed(a, endpoint.Port)).ToArray();
        if (allowed.Length == 0)
        {
            var refused = addresses.Take(3).Select(a => $"{a} ({policy.Refusal(a, endpoint.Port)})");
            throw new BlockedAddressException($"{endpoint.Host}:{endpoint.Port} resolves to {string.Join(", ", refused)}, which the SSRF policy refuses (Scrape:AllowedNetworks, Scrape:AllowedPorts)");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, endpoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
