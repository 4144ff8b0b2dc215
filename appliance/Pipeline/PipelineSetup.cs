using Appliance.Generate;
using Appliance.Scrape;
using Appliance.Telemetry;
using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Npgsql;

namespace Appliance.Pipeline;

/// <summary>
/// The spine: Hangfire's queues (in memory for one host, in PostgreSQL for several nodes, see <see cref="JobsOptions"/>),
/// one worker pool per queue, the jobs and hand-offs, the row state machine, the chunk runner over each stage, the
/// in-flight limits, and recovery of unfinished work after a restart or a node's death.
/// </summary>
public static class PipelineSetup
{
    /// <param name="configuration">Reads <c>Jobs</c> and <c>Node</c>: the job servers are added before options can be resolved.</param>
    public static IServiceCollection AddPipeline(this IServiceCollection services, IConfiguration configuration)
    {
        var options = JobsOptions.From(configuration);
        var node = NodeIdentity.From(configuration);
        services.AddSingleton(node);
        services.AddOptions<JobsOptions>().BindConfiguration(JobsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RecoveryOptions>().BindConfiguration(RecoveryOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        // The row state machine, the stages as chunks, and the one runner that drives them.
        services.AddSingleton<LeadStates>();
        services.AddSingleton<ScrapeLimiter>();
        services.AddSingleton<GenerateLimiter>();
        services.AddSingleton<ChunkStage<string, ScrapeResult>, ScrapeChunks>();
        services.AddSingleton<ChunkStage<LeadFacts, GenerateResult>, GenerateChunks>();
        services.AddSingleton<BatchGenerateChunk>(); // Generate:Mode=batch
        services.AddTransient(typeof(ChunkRunner<,>));
        services.AddSingleton<StageDriver>();

        // Jobs and every hand-off between them.
        services.AddSingleton<HandOff>();
        services.AddSingleton<JobLifetime>();
        services.AddTransient<IngestJob>();
        services.AddTransient<ScrapeJob>();
        services.AddTransient<GenerateJob>();

        // Recovery, the node lease, and the queue gauges behind /metrics.
        services.AddSingleton<RecoverySignal>();
        services.AddSingleton<PipelineRecovery>();
        services.AddSingleton<NodeLease>();
        services.AddSingleton<IBackgroundReading, QueueDepths>();
        services.AddSingleton<IBackgroundReading, NodeMetrics>();
        services.AddHostedService<RecoveryService>();
        services.AddHostedService<NodeLeaseService>();

        // This process's own storage and activator, registered before AddHangfire: it would resolve both from Hangfire's
        // static JobStorage.Current and JobActivator.Current, so two daemons built in one process (the tests) could end up
        // sharing one set of queues and one service provider - and a job ran in the other's disposed container.
        services.AddSingleton<JobStorage>(sp => options.Shared ? SharedStorage(options, sp.GetRequiredService<NpgsqlDataSource>()) : MemoryStorage(options));
        services.AddSingleton<JobActivator>(sp => new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddHangfire((sp, c) => c.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseLogProvider(new HangfireLogs(sp.GetRequiredService<ILoggerFactory>()))
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseStorage(sp.GetRequiredService<JobStorage>()));
        // One worker pool per queue, so generate jobs and new uploads never wait behind queued scrape chunks (with
        // one pool, workers fetch queues in order and a long file's scrape chunks took every worker).
        foreach (var (queue, workers) in Queues.Workers)
        {
            services.AddHangfireServer(o =>
            {
                o.Queues = [queue == Queues.FileProcessing ? node.IngestQueue : queue];
                o.WorkerCount = workers;
                o.ServerName = $"{Queues.ServerPrefix(node)}{queue}";
                o.HeartbeatInterval = Queues.HeartbeatInterval;
            });
        }

        return services;
    }

    /// <summary>The one-host queues; finished jobs expire after <see cref="JobsOptions.KeepFinishedMinutes"/> whatever Hangfire asks.</summary>
    internal static InMemoryStorage MemoryStorage(JobsOptions options) =>
        new(new InMemoryStorageOptions { MaxExpirationTime = TimeSpan.FromMinutes(options.KeepFinishedMinutes) });

    // A fetched job stays invisible to other nodes while its node keeps it alive (sliding); a job of a node that died is
    // fetched again once that lapses, after the same time as the node's lease: the lease brings back rows the dead node
    // had claimed (NodeLease), this the chunks it had taken but not yet claimed. A second run of a chunk finds nothing left.
    private static PostgreSqlStorage SharedStorage(JobsOptions options, NpgsqlDataSource db) =>
        new(new DataSourceConnections(db), new PostgreSqlStorageOptions
        {
            SchemaName = options.Schema,
            PrepareSchemaIfNecessary = true,
            QueuePollInterval = TimeSpan.FromMilliseconds(options.PollMilliseconds),
            InvisibilityTimeout = options.Lease,
            UseSlidingInvisibilityTimeout = true,
        });
}
