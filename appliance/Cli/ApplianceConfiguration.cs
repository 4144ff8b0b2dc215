using Microsoft.Extensions.Logging.Console;

namespace Appliance.Cli;

/// <summary>
/// Configuration sources, lowest precedence first: <c>appsettings.json</c> beside the binary,
/// <c>/etc/appliance/appliance.json</c> (or <c>$APPLIANCE_CONFIG</c>), then environment variables
/// prefixed <c>APPLIANCE_</c> with <c>__</c> for nesting (<c>APPLIANCE_ConnectionStrings__Postgres</c>).
/// </summary>
public static class ApplianceConfiguration
{
    public static IConfigurationBuilder AddApplianceSources(this IConfigurationBuilder builder)
    {
        builder.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddJsonFile(Environment.GetEnvironmentVariable("APPLIANCE_CONFIG") ?? "/etc/appliance/appliance.json", optional: true)
            .AddEnvironmentVariables("APPLIANCE_");
        return builder;
    }

    public static IConfiguration Load() => new ConfigurationBuilder().AddApplianceSources().Build();

    /// <summary>Loggers for CLI verbs: everything to stderr, so stdout carries only the result.</summary>
    public static ILoggerFactory CliLoggers(IConfiguration configuration) => LoggerFactory.Create(b => b
        .AddConfiguration(configuration.GetSection("Logging"))
        .AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; o.ColorBehavior = LoggerColorBehavior.Disabled; })
        .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace));
}
