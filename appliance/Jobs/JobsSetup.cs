using Hangfire;

namespace Appliance.Jobs;

/// <summary>Hangfire: the three pipeline queues on in-memory storage (one host), and recovery of their work after a restart.</summary>
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

    /// <summary>This process's job servers are named <c>{ServerName}:{queue}</c> (Hangfire appends a unique suffix).</summary>
    public static string ServerName => ClaimOwner.Current;

    public static IServiceCollection AddJobs(this IServiceCollection services)
    {
        services.AddHangfire(c => c
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseInMemoryStorage());
        // One worker pool per queue, so generate jobs and new uploads never wait behind queued scrape chunks (with
        // one pool, workers fetch queues in order and a long file's scrape chunks took every worker). A stage's
        // chunks share one in-flight limit; enough scrape workers that chunks ending in their slowest sites
        // (timeouts) never leave that limit idle. Scraped rows reach the generate queue as they are stored (ScrapeJob).
        foreach (var (queue, workers) in Workers)
        {
            services.AddHangfireServer(o =>
            {
                o.Queues = [queue];
                o.WorkerCount = workers;
                o.ServerName = $"{ServerName}:{queue}";
                o.HeartbeatInterval = HeartbeatInterval;
            });
        }

        return services;
    }

    /// <summary>
    /// Queued jobs live in memory and die with the process; PostgreSQL says what is unfinished. Needs the
    /// pipeline stages (<c>AddIngest</c>, <c>AddScrape</c>, <c>AddGenerate</c>) and <see cref="AddJobs"/>.
    /// </summary>
    public static IServiceCollection AddRecovery(this IServiceCollection services)
    {
        services.AddOptions<RecoveryOptions>().BindConfiguration(RecoveryOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<RecoverySignal>();
        services.AddSingleton<PipelineRecovery>();
        services.AddHostedService<RecoveryService>();
        return services;
    }
}
