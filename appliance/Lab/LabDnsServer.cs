using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Appliance.Lab;

/// <summary>
/// The lab's DNS server on 127.0.0.1, UDP and TCP on one port, answering from <see cref="LabDnsZone"/> after
/// a lognormal delay (<c>Lab:DnsLatency…</c>), as a recursive resolver's misses take. A dropped query (the
/// timeout fault) is simply never answered. Only loopback is bound, so it never answers anyone else.
/// </summary>
internal sealed class LabDnsServer : IAsyncDisposable
{
    private readonly LabOptions options;
    private readonly TimeProvider time;
    private readonly LabLatency latency;
    private readonly Socket udp;
    private readonly TcpListener tcp;
    private readonly CancellationTokenSource stopping = new();
    private readonly Task[] udpLoops;
    private readonly Task tcpLoop;
    private long queries;

    private LabDnsServer(LabOptions options, TimeProvider time, Socket udp, TcpListener tcp)
    {
        this.options = options;
        this.time = time;
        this.udp = udp;
        this.tcp = tcp;
        latency = new LabLatency(options.DnsLatencyMedianMs, options.DnsLatencyP95Ms, options.DnsLatencyMaxMs);
        Port = ((IPEndPoint)udp.LocalEndPoint!).Port;
        // A burst of queries (a scraper starting 512 fetches sends 1,024) overflows a socket buffer drained by one
        // loop on a busy machine, and a dropped datagram looks like a resolver timeout: keep several receives posted.
        udp.ReceiveBufferSize = 4 << 20; // the kernel caps it at net.core.rmem_max
        udpLoops = [.. Enumerable.Range(0, 4).Select(_ => Task.Run(UdpLoopAsync))];
        tcpLoop = Task.Run(TcpLoopAsync);
    }

    public int Port { get; }

    /// <summary>Queries received so far, UDP and TCP.</summary>
    public long Queries => Interlocked.Read(ref queries);

    public static LabDnsServer Start(LabOptions options, TimeProvider time)
    {
        // Port 0: UDP picks one, TCP must get the same; a few tries cover a TCP port that happens to be taken.
        for (var attempt = 0; ; attempt++)
        {
            var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            try
            {
                udp.Bind(new IPEndPoint(IPAddress.Loopback, options.DnsPortOrDefault));
                var tcp = new TcpListener(IPAddress.Loopback, ((IPEndPoint)udp.LocalEndPoint!).Port);
                tcp.Start(1024);
                return new LabDnsServer(options, time, udp, tcp);
            }
            catch (SocketException) when (options.DnsPortOrDefault == 0 && attempt < 5)
            {
                udp.Dispose();
            }
            catch
            {
                udp.Dispose();
                throw;
            }
        }
    }

    private async Task UdpLoopAsync()
    {
        var buffer = new byte[4096];
        while (!stopping.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await udp.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                continue; // an ICMP port-unreachable from an earlier reply's client: not ours to mind
            }

            var request = buffer.AsSpan(0, received.ReceivedBytes).ToArray();
            var client = received.RemoteEndPoint;
            _ = AnswerAsync(request, reply => udp.SendToAsync(reply, SocketFlags.None, client, stopping.Token).AsTask());
        }
    }

    private async Task TcpLoopAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await tcp.AcceptSocketAsync(stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = ServeTcpAsync(client);
        }
    }

    /// <summary>RFC 1035 §4.2.2: each message behind a two-byte length, several per connection.</summary>
    private async Task ServeTcpAsync(Socket client)
    {
        using var _ = client;
        using var stream = new NetworkStream(client);
        var length = new byte[2];
        try
        {
            while (true)
            {
                await stream.ReadExactlyAsync(length, stopping.Token);
                var request = new byte[BinaryPrimitives.ReadUInt16BigEndian(length)];
                await stream.ReadExactlyAsync(request, stopping.Token);
                await AnswerAsync(request, async reply =>
                {
                    var framed = new byte[reply.Length + 2];
                    BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)reply.Length);
                    reply.CopyTo(framed, 2);
                    await stream.WriteAsync(framed, stopping.Token);
                });
            }
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    private async Task AnswerAsync(byte[] request, Func<byte[], Task> send)
    {
        Interlocked.Increment(ref queries);
        if (!LabDnsMessage.TryParse(request, out var query))
        {
            return;
        }

        var reply = query.Type is LabDnsMessage.TypeA or LabDnsMessage.TypeAaaa or LabDnsMessage.TypeCname
            ? LabDnsZone.Answer(query.Name, query.Type, options)
            : new LabDnsZone.Reply(LabDnsMessage.NoError, [], true);
        if (reply.Drop)
        {
            return;
        }

        try
        {
            var delay = latency.Sample(Random.Shared);
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, time, stopping.Token);
            }

            await send(LabDnsMessage.Answer(request, query, reply.Rcode, reply.Records, reply.Negative ? LabDnsZone.NegativeTtl : null));
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException or IOException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        udp.Dispose();
        tcp.Stop();
        await Task.WhenAll([.. udpLoops, tcpLoop]);
        stopping.Dispose();
    }
}
