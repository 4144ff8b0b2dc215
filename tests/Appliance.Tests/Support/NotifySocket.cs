using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;

namespace Appliance.Tests.Support;

/// <summary>
/// What systemd is for a <c>Type=notify</c> service: a Unix datagram socket the test binds and names in
/// <c>NOTIFY_SOCKET</c>; every datagram the daemon sends arrives here as one message.
/// </summary>
public sealed class NotifySocket : IDisposable
{
    private readonly Socket _socket;
    private readonly Channel<string> _messages = Channel.CreateUnbounded<string>();
    private readonly List<string> _all = [];
    private readonly CancellationTokenSource _stop = new();

    public NotifySocket(string path)
    {
        Path = path;
        _socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        _socket.Bind(new UnixDomainSocketEndPoint(path));
        _ = ReceiveAsync();
    }

    public string Path { get; }

    /// <summary>Every message so far, in order.</summary>
    public IReadOnlyList<string> All
    {
        get
        {
            lock (_all)
            {
                return _all.ToList();
            }
        }
    }

    /// <summary>Waits for the next message with a line starting <paramref name="assignment"/> (e.g. <c>READY=1</c>); messages before it are skipped.</summary>
    public async Task<string> WaitForAsync(string assignment, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                var message = await _messages.Reader.ReadAsync(cts.Token);
                if (message.Split('\n').Any(l => l.StartsWith(assignment, StringComparison.Ordinal)))
                {
                    return message;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no '{assignment}' within {timeout.TotalSeconds} s; messages: {string.Join(" | ", All.TakeLast(10))}");
        }
    }

    /// <summary>Drops the unread messages, so the next wait sees only what comes after now.</summary>
    public void Skip()
    {
        while (_messages.Reader.TryRead(out _))
        {
        }
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                var n = await _socket.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                var message = Encoding.UTF8.GetString(buffer, 0, n);
                lock (_all)
                {
                    _all.Add(message);
                }

                _messages.Writer.TryWrite(message);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _socket.Dispose();
        File.Delete(Path);
    }
}
