using Appliance.Api;
using Appliance.Cli;
using Appliance.Daemon;
using Appliance.Generate;
using Appliance.Ingest;
using Appliance.Jobs;
using Appliance.Runs;
using Appliance.Scrape;
using Appliance.Security;
using Appliance.Storage;
using Appliance.Telemetry;
using Appliance.Web;
using Hangfire;
using System.CommandLine;

namespace Appliance;

public static class Program
{
    public static Task<int> Main(string[] args) => CliRoot.InvokeAsync(args);

    /// <summary>The daemon: configuration, database, services, endpoints.</summary>
    public static async Task<ApplianceServer> BuildWebAppAsync(IDictionary<string, string?>? overrides = null, CancellationToken ct = default)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddApplianceSources();
        if (overrides is not null)
        {
            builder.Configuration.AddInMemoryCollection(overrides);
        }

        // systemd: sd_notify, watchdog, journal logs.
        builder.AddDaemon();

        // Storage: the configured PostgreSQL or the bundled cluster, migrated before anything else starts.
        var paths = new StatePaths(builder.Configuration["StateDirectory"] ?? StateDirectory.Resolve());
        using var bootLoggers = ApplianceConfiguration.CliLoggers(builder.Configuration);
        var db = await Database.OpenAsync(builder.Configuration, paths.Root, bootLoggers, ct);
        builder.Services.AddSingleton(db.DataSource);
        builder.Services.AddSingleton(paths);

        // Pipeline stages, the job server, and recovery of unfinished work at start-up.
        builder.Services.AddIngest();
        builder.Services.AddScrape();
        builder.Services.AddGenerate();
        builder.Services.AddJobs(builder.Configuration);
        builder.Services.AddRecovery();

        // Host collectors, pipeline instruments and the sample recorder behind /metrics.
        builder.Services.AddTelemetry();

        // Measured runs and sweeps for the capacity model.
        builder.Services.AddRuns();

        // API keys and upload rate limits.
        builder.Services.AddSecurity();

        // The operator's web page at /.
        builder.Services.AddWeb();

        var app = builder.Build();

        // A bad setting stops start-up here, before the host starts, as one message naming the key (see ServeCommand).
        try
        {
            app.Services.GetRequiredService<Microsoft.Extensions.Options.IStartupValidator>().Validate();
        }
        catch
        {
            await app.DisposeAsync();
            await db.DisposeAsync();
            throw;
        }

        // Endpoints, all behind the API key but /healthz, /metrics and the web page's files.
        app.UseApiKeys();
        app.MapHealth();
        app.MapUploads();
        app.MapRuns();
        app.MapReports();
        app.MapWeb();
        app.MapHangfireDashboard("/hangfire", new DashboardOptions { Authorization = [new DashboardAuthorization()] });
        app.MapMetrics();
        return new ApplianceServer(app, db);
    }
}
