namespace Appliance.Daemon;

/// <summary>The daemon's side of systemd: sd_notify (READY, WATCHDOG, STATUS, STOPPING) and journal-friendly logs.</summary>
public static class DaemonSetup
{
    public static WebApplicationBuilder AddDaemon(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(_ => SdNotify.FromEnvironment());
        builder.Services.AddSingleton<LivenessCheck>();
        builder.Services.AddHostedService<SystemdNotifier>();

        // Chunks in flight get this long to finish or hand their rows back; systemd's TimeoutStopSec is longer.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));

        // Under systemd stdout is the journal (JOURNAL_STREAM is set): one line per entry, its level as a
        // syslog priority prefix (<3> error … <7> debug) that journald files as PRIORITY=, no timestamps of our own.
        if (Environment.GetEnvironmentVariable("JOURNAL_STREAM") is { Length: > 0 })
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddSystemdConsole(o => o.IncludeScopes = false);
        }

        return builder;
    }
}
