using System.Net;
using System.Net.Sockets;

namespace Appliance.Scrape;

/// <summary>Thrown when a host resolves only to addresses the <see cref="AddressPolicy"/> refuses.</summary>
public sealed class BlockedAddressException(string message) : Exception(message);

/// <summary>
/// The connection step of every fetch: resolve (asynchronously, through <see cref="DnsResolver"/>), refuse what
/// the policy refuses, connect to the first allowed address — all within <paramref name="budget"/>, so the
/// handler's own connect timeout (budget + TLS handshake) firing can only mean the handshake stalled. Doing it
/// here, not on the URL, also covers redirects and DNS rebinding.
/// </summary>
internal static class PolicyConnector
{
    public static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, AddressPolicy policy, DnsResolver resolver, TimeSpan budget, CancellationToken ct)
    {
        var endpoint = context.DnsEndPoint;
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(budget);
        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(endpoint.Host.Trim('[', ']'), out var literal)
                ? [literal]
                : await resolver.ResolveAsync(endpoint.Host, limit.Token);
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            throw new DnsLookupException(FailureReason.DnsTimeout, $"{endpoint.Host} not resolved within the {budget.TotalMilliseconds:0} ms connect timeout");
        }

        var allowed = addresses.Where(a => policy.IsAllowed(a, endpoint.Port)).ToArray();
        if (allowed.Length == 0)
        {
            var refused = addresses.Take(3).Select(a => $"{a} ({policy.Refusal(a, endpoint.Port)})");
            throw new BlockedAddressException($"{endpoint.Host}:{endpoint.Port} resolves to {string.Join(", ", refused)}, which the SSRF policy refuses (Scrape:AllowedNetworks, Scrape:AllowedPorts)");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, endpoint.Port, limit.Token);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            socket.Dispose();
            throw new SocketException((int)SocketError.TimedOut);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
