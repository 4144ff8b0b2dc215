using Microsoft.Extensions.Logging.Console;

namespace Appliance.Cli;

/// <summary>
/// Configuration sources, lowest precedence first: <c>appsettings.json</c> beside the binary,
/// <c>/etc/appliance/appliance.json</c> (or <c>$APPLIANCE_CONFIG</c>), then environment variables
/// prefixed <c>APPLIANCE_</c> with <c>__</c> for nesting (<c>APPLIANCE_ConnectionStrings__Postgres</c>), then
/// systemd credentials: each file in <c>$CREDENTIALS_DIRECTORY</c> is one key, named with <c>__</c> for nesting
/// (<c>LoadCredential=ConnectionStrings__Postgres:/etc/appliance/db</c>), so secrets never sit in the unit or the environment.
/// </summary>
public static class ApplianceConfiguration
{
    public static IConfigurationBuilder AddApplianceSources(this IConfigurationBuilder builder)
    {
        builder.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddJsonFile(Environment.GetEnvironmentVariable("APPLIANCE_CONFIG") ?? "/etc/appliance/appliance.json", optional: true)
            .AddEnvironmentVariables("APPLIANCE_");
        if (Environment.GetEnvironmentVariable("CREDENTIALS_DIRECTORY") is { Length: > 0 } credentials && Directory.Exists(credentials))
        {
            builder.AddKeyPerFile(credentials, optional: true);
        }

        return builder;
    }

    public static IConfiguration Load() => new ConfigurationBuilder().AddApplianceSources().Build();

    /// <summary>
    /// Loggers for CLI verbs: everything to stderr, so stdout carries only the result. Under systemd
    /// (<c>JOURNAL_STREAM</c> set) in the journal's format: a priority prefix per line, no timestamps of our own.
    /// </summary>
    public static ILoggerFactory CliLoggers(IConfiguration configuration) => LoggerFactory.Create(b =>
    {
        b.AddConfiguration(configuration.GetSection("Logging"));
        if (Environment.GetEnvironmentVariable("JOURNAL_STREAM") is { Length: > 0 })
        {
            b.AddSystemdConsole();
        }
        else
        {
            b.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; o.ColorBehavior = LoggerColorBehavior.Disabled; });
        }

        b.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
    });
}
