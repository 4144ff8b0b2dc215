using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Appliance.Lab;

namespace Appliance.Tests.Support;

/// <summary>
/// A DNS server on loopback UDP with a fixed table of A and AAAA records, counting the queries of each type: for
/// the resolver's choices the lab's zone cannot show (the lab has no IPv6 addresses). Unknown names get NXDOMAIN;
/// a known name without a record of the asked type gets an empty answer (NODATA); a name mapped to null, SERVFAIL.
/// </summary>
public sealed class FakeDnsServer : IAsyncDisposable
{
    private readonly UdpClient _udp = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly Dictionary<string, IPAddress[]?> _records;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _serving;

    /// <param name="records">Each name's addresses, IPv4 and IPv6 mixed; a name with none is served NODATA for both types.</param>
    public FakeDnsServer(Dictionary<string, IPAddress[]?> records)
    {
        _records = records;
        _serving = ServeAsync();
    }

    public string Endpoint => $"127.0.0.1:{((IPEndPoint)_udp.Client.LocalEndPoint!).Port}";

    /// <summary>Queries answered, by "name TYPE" (e.g. "a.test AAAA").</summary>
    public ConcurrentDictionary<string, int> Queries { get; } = new();

    public int CountOf(string type) => Queries.Where(q => q.Key.EndsWith(" " + type, StringComparison.Ordinal)).Sum(q => q.Value);

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            UdpReceiveResult request;
            try
            {
                request = await _udp.ReceiveAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (!LabDnsMessage.TryParse(request.Buffer, out var query))
            {
                continue;
            }

            var name = query.Name.TrimEnd('.').ToLowerInvariant();
            var type = query.Type == LabDnsMessage.TypeAaaa ? "AAAA" : query.Type == LabDnsMessage.TypeA ? "A" : query.Type.ToString();
            Queries.AddOrUpdate($"{name} {type}", 1, (_, n) => n + 1);
            byte[] reply;
            if (!_records.TryGetValue(name, out var addresses))
            {
                reply = LabDnsMessage.Answer(request.Buffer, query, LabDnsMessage.NxDomain, [], 60);
            }
            else if (addresses is null)
            {
                reply = LabDnsMessage.Answer(request.Buffer, query, LabDnsMessage.ServFail, [], null);
            }
            else
            {
                var family = query.Type == LabDnsMessage.TypeAaaa ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork;
                var answers = addresses.Where(a => a.AddressFamily == family).Select(a => new LabDnsMessage.Record(query.Name, query.Type, 60, a)).ToList();
                reply = LabDnsMessage.Answer(request.Buffer, query, LabDnsMessage.NoError, answers, answers.Count == 0 ? 60 : null);
            }

            await _udp.SendAsync(reply, request.RemoteEndPoint);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _serving;
        _udp.Dispose();
        _stop.Dispose();
    }
}
