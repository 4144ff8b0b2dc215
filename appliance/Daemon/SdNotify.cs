using System.Net.Sockets;
using System.Text;

namespace Appliance.Daemon;

/// <summary>
/// The sd_notify protocol (sd_notify(3)): newline-separated <c>KEY=value</c> assignments in one datagram to the
/// Unix socket named by <c>$NOTIFY_SOCKET</c> (a path, or <c>@name</c> for the abstract namespace). Without the
/// variable every call is a no-op, so the daemon behaves the same outside systemd.
/// </summary>
public sealed class SdNotify : IDisposable
{
    private readonly Socket? _socket;
    private readonly UnixDomainSocketEndPoint? _endPoint;
    private readonly Lock _sending = new();

    public SdNotify(string? notifySocket)
    {
        if (string.IsNullOrEmpty(notifySocket) || (notifySocket[0] != '/' && notifySocket[0] != '@'))
        {
            return;
        }

        // .NET spells the abstract namespace with a leading NUL, systemd with '@'.
        _endPoint = new UnixDomainSocketEndPoint(notifySocket[0] == '@' ? "\0" + notifySocket[1..] : notifySocket);
        _socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
    }

    public static SdNotify FromEnvironment() => new(Environment.GetEnvironmentVariable("NOTIFY_SOCKET"));

    public bool Enabled => _socket is not null;

    /// <summary>Sends one message; false when there is no socket or the send failed (systemd gone is not our failure).</summary>
    public bool Send(string state)
    {
        if (_socket is null)
        {
            return false;
        }

        try
        {
            lock (_sending)
            {
                _socket.SendTo(Encoding.UTF8.GetBytes(state), _endPoint!);
            }

            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>
    /// The watchdog interval systemd asks for (<c>WATCHDOG_USEC</c>), or null when it asks for none or asks
    /// another process (<c>WATCHDOG_PID</c> set to a different pid), as sd_watchdog_enabled(3) does.
    /// </summary>
    public static TimeSpan? WatchdogInterval(string? usec, string? pid, int ownPid)
    {
        if (!long.TryParse(usec, out var us) || us <= 0)
        {
            return null;
        }

        if (!string.IsNullOrEmpty(pid) && (!int.TryParse(pid, out var p) || p != ownPid))
        {
            return null;
        }

        return TimeSpan.FromMicroseconds(us);
    }

    public void Dispose() => _socket?.Dispose();
}
