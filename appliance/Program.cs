using Appliance.Api;
using Appliance.Cli;
using Appliance.Daemon;
using Appliance.Security;
using Appliance.Storage;
using Appliance.Telemetry;
using Appliance.Web;
using Hangfire;

namespace Appliance;

public static class Program
{
    public static Task<int> Main(string[] args)
    {
        // Before the thread pool's threads exist: glibc gives each new thread an arena otherwise (MallocArenas).
        MallocArenas.Cap();
        return CliRoot.InvokeAsync(args);
    }

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

        // The appliance itself, composed as every CLI verb composes it: stages, pipeline, telemetry, runs.
        builder.Services.AddAppliance(builder.Configuration, db.DataSource, paths);

        // The JSON API's read models.
        builder.Services.AddApi();

        // API keys and upload rate limits.
        builder.Services.AddSecurity();

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
        app.MapLeads();
        app.MapHost();
        app.MapSession();
        app.MapWebPage(); // the operator's page at /
        app.MapHangfireDashboard("/hangfire", new DashboardOptions { Authorization = [new DashboardAuthorization()] });
        app.MapMetrics();
        return new ApplianceServer(app, db);
    }
}
