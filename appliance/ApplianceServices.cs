using Appliance.Cli;
using Appliance.Storage;
using Microsoft.Extensions.Hosting.Internal;

namespace Appliance;

/// <summary>
/// The appliance's services for a CLI verb: the configuration sources, the database opened and migrated, and
/// <see cref="ApplianceComposition.AddAppliance"/> — without the web host, and without starting the job server or any
/// other background service.
/// </summary>
public sealed class ApplianceServices : IAsyncDisposable
{
    private readonly ServiceProvider _provider;
    private readonly ILoggerFactory _loggers;

    private ApplianceServices(ServiceProvider provider, Database database, ILoggerFactory loggers)
    {
        _provider = provider;
        Database = database;
        _loggers = loggers;
    }

    public Database Database { get; }

    public static async Task<ApplianceServices> OpenAsync(IDictionary<string, string?>? overrides, CancellationToken ct)
    {
        var builder = new ConfigurationBuilder().AddApplianceSources();
        if (overrides is not null)
        {
            builder.AddInMemoryCollection(overrides);
        }

        var configuration = builder.Build();
        var loggers = ApplianceConfiguration.CliLoggers(configuration);
        var paths = new StatePaths(configuration["StateDirectory"] ?? StateDirectory.Resolve());
        var database = await Database.OpenAsync(configuration, paths.Root, loggers, ct);
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton(loggers)
            .AddSingleton(typeof(ILogger<>), typeof(Logger<>))
            .AddSingleton<IHostApplicationLifetime, ApplicationLifetime>()
            .AddAppliance(configuration, database.DataSource, paths);
        return new ApplianceServices(services.BuildServiceProvider(), database, loggers);
    }

    public T Get<T>() where T : notnull => _provider.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        await _provider.DisposeAsync();
        await Database.DisposeAsync();
        _loggers.Dispose();
    }
}
