using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Npgsql;

namespace Appliance.Jobs;

/// <summary>
/// Hangfire: the three pipeline queues, in memory (one host) or in PostgreSQL (several nodes share them, see
/// <see cref="JobsOptions"/>), and recovery of their work after a restart or a node's death.
/// </summary>
public static class JobsSetup
{
    public const string FileProcessing = "file_processing";
    public const string Scraping = "scraping";
    public const string AiProcessing = "ai_processing";

    public static readonly string[] Queues = [FileProcessing, Scraping, AiProcessing];

    /// <summary>Workers per queue, each queue its own pool (see <see cref="AddJobs"/>).</summary>
    public static readonly IReadOnlyDictionary<string, int> Workers = new Dictionary<string, int>
    {
        [FileProcessing] = 2,
        [Scraping] = 32,
        [AiProcessing] = 16,
    };

    /// <summary>How often the job server proves it is alive; the systemd watchdog reads it.</summary>
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(10);

    /// <summary>A node's job servers are named <c>{node}:{queue}</c> (Hangfire appends a unique suffix).</summary>
    public static string ServerPrefix(NodeIdentity node) => node.Name + ":";

    /// <param name="configuration">Reads <c>Jobs</c> and <c>Node</c>; without it, in-memory queues and the default node name.</param>
    public static IServiceCollection AddJobs(this IServiceCollection services, IConfiguration? configuration = null)
    {
        var options = JobsOptions.From(configuration);
        var node = NodeIdentity.From(configuration);
        services.AddSingleton(node);
        services.AddOptions<JobsOptions>().BindConfiguration(JobsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        // This process's own storage and activator, registered before AddHangfire: it would resolve both from Hangfire's
        // static JobStorage.Current and JobActivator.Current, so two daemons built in one process (the tests) could end up
        // sharing one set of queues and one service provider - and a job ran in the other's disposed container.
        services.AddSingleton<JobStorage>(sp => options.Shared ? SharedStorage(options, sp.GetRequiredService<NpgsqlDataSource>()) : new InMemoryStorage());
        services.AddSingleton<JobActivator>(sp => new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddHangfire((sp, c) => c.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseStorage(sp.GetRequiredService<JobStorage>()));
        // One worker pool per queue, so generate jobs and new uploads never wait behind queued scrape chunks (with
        // one pool, workers fetch queues in order and a long file's scrape chunks took every worker). A stage's
        // chunks share one in-flight limit; enough scrape workers that chunks ending in their slowest sites
        // (timeouts) never leave that limit idle. Scraped rows reach the generate queue as they are stored (ScrapeJob).
        foreach (var (queue, workers) in Workers)
        {
            services.AddHangfireServer(o =>
            {
                o.Queues = [queue == FileProcessing ? node.IngestQueue : queue];
                o.WorkerCount = workers;
                o.ServerName = $"{ServerPrefix(node)}{queue}";
                o.HeartbeatInterval = HeartbeatInterval;
            });
        }

        return services;
    }

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

    /// <summary>
    /// Queued jobs live in memory and die with the process; PostgreSQL says what is unfinished. Needs the
    /// pipeline stages (<c>AddIngest</c>, <c>AddScrape</c>, <c>AddGenerate</c>) and <see cref="AddJobs"/>.
    /// </summary>
    public static IServiceCollection AddRecovery(this IServiceCollection services)
    {
        services.AddOptions<RecoveryOptions>().BindConfiguration(RecoveryOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<RecoverySignal>();
        services.AddSingleton<PipelineRecovery>();
        services.AddSingleton<NodeLease>();
        services.AddHostedService<RecoveryService>();
        services.AddHostedService<NodeLeaseService>();
        return services;
    }
}
