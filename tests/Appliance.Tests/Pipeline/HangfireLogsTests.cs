using Appliance.Pipeline;
using Hangfire.AspNetCore;
using Microsoft.Extensions.Logging;

namespace Appliance.Tests.Pipeline;

/// <summary>Hangfire's process-wide log provider must not outlive the host whose loggers it hands out.</summary>
public sealed class HangfireLogsTests
{
    [Fact]
    public void AfterItsHostIsGone_LoggersAreSilent_WhereHangfiresOwnProviderThrows()
    {
        var factory = LoggerFactory.Create(_ => { });
        var logs = new HangfireLogs(factory);
        var live = logs.GetLogger("before");

        factory.Dispose();

        // What every Enqueue did once another daemon in the process was disposed: AutomaticRetryAttribute asks for a logger.
        Assert.Throws<ObjectDisposedException>(() => new AspNetCoreLogProvider(factory).GetLogger("after"));
        var silent = logs.GetLogger("after");
        Assert.False(silent.Log(Hangfire.Logging.LogLevel.Error, () => "a message"));
        Assert.NotEqual(live.GetType(), silent.GetType());
    }
}
