using Appliance.Generate;
using Appliance.Ingest;
using Appliance.Scrape;
using Appliance.Storage;

namespace Appliance.Cli;

/// <summary>
/// The services a CLI verb needs, composed the way <c>serve</c> composes them (same Add… calls),
/// over an open database and without the web host or the job server.
/// </summary>
public sealed class CliServices : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    private CliServices(ServiceProvider provider, Database database)
    {
        _provider = provider;
        Database = database;
    }

    public Database Database { get; }

    public IServiceProvider Services => _provider;

    public static async Task<CliServices> OpenAsync(IDictionary<string, string?>? overrides, CancellationToken ct)
    {
        var builder = new ConfigurationBuilder().AddApplianceSources();
        if (overrides is not null)
        {
            builder.AddInMemoryCollection(overrides);
        }

        var configuration = builder.Build();
        var loggers = ApplianceConfiguration.CliLoggers(configuration);
        var database = await Database.OpenAsync(configuration, configuration["StateDirectory"] ?? StateDirectory.Resolve(), loggers, ct);
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton(loggers)
            .AddSingleton(typeof(ILogger<>), typeof(Logger<>))
            .AddSingleton(database.DataSource)
            .AddIngest()
            .AddScrape()
            .AddGenerate()
            .AddSingleton<Runs.RunStore>()
            .AddSingleton<Runs.CapacityInputs>()
            .AddSingleton<Runs.RunReport>();
        return new CliServices(services.BuildServiceProvider(), database);
    }

    public T Get<T>() where T : notnull => _provider.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        await _provider.DisposeAsync();
        await Database.DisposeAsync();
    }
}
