using Appliance.Export;
using Appliance.Generate;
using Appliance.Ingest;
using Appliance.Pipeline;
using Appliance.Runs;
using Appliance.Scrape;
using Appliance.Storage;
using Appliance.Telemetry;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;

namespace Appliance;

/// <summary>
/// The one composition of the appliance's services, used by <c>serve</c> (which puts the web host, the daemon's systemd
/// side, security and the page on top) and by every CLI verb (<see cref="ApplianceServices"/>). Every service is there in
/// both, so none takes a dependency that may be missing.
/// </summary>
public static class ApplianceComposition
{
    public static IServiceCollection AddAppliance(this IServiceCollection services, IConfiguration configuration, NpgsqlDataSource database, StatePaths paths)
    {
        // Storage: the configured PostgreSQL or the bundled cluster, opened and migrated before anything is composed.
        services.AddSingleton(database);
        services.AddSingleton(paths);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<DatabaseRetry>();

        // The stages, plain libraries: file → rows, URL → page facts, facts → message.
        services.AddIngest();
        services.AddScrape();
        services.AddGenerate();

        // The spine: jobs, hand-offs, row states, the chunk runner, recovery and nodes.
        services.AddPipeline(configuration);

        // Host collectors, pipeline instruments and the sample recorder behind /metrics.
        services.AddTelemetry();

        // Measured runs and sweeps for the capacity model, and the export of results.
        services.AddRuns();
        services.AddSingleton<ExportWriter>();
        return services;
    }
}
