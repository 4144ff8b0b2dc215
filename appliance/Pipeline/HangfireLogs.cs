using Hangfire.AspNetCore;
using Hangfire.Logging;

namespace Appliance.Pipeline;

/// <summary>
/// Hangfire's log provider is process-wide (static), and the host that configured it last wins. When that host is
/// disposed while another lives on (two daemons in one test process; a CLI verb's services after a run session), every
/// later <c>Enqueue</c> asked the dead host's logger factory for a logger and failed with ObjectDisposedException — an
/// upload answered 500. This provider hands out loggers of this host while it lives, and silent ones after.
/// </summary>
public sealed class HangfireLogs(ILoggerFactory factory) : ILogProvider
{
    private readonly AspNetCoreLogProvider _inner = new(factory);

    public ILog GetLogger(string name)
    {
        try
        {
            return _inner.GetLogger(name);
        }
        catch (ObjectDisposedException)
        {
            return Silent.Instance;
        }
    }

    private sealed class Silent : ILog
    {
        public static readonly Silent Instance = new();

        public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string> messageFunc, Exception? exception = null) => false;
    }
}
