using Hangfire;

namespace Appliance.Jobs;

/// <summary>Hangfire: the three pipeline queues on in-memory storage (one host), and recovery of their work after a restart.</summary>
public static class JobsSetup
{
    public const string FileProcessing = "file_processing";
    public const string Scraping = "scraping";
    public const string AiProcessing = "ai_processing";

    public static readonly string[] Queues = [FileProcessing, Scraping, AiProcessing];

    /// <summary>How often the job server proves it is alive; the systemd watchdog reads it.</summary>
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(10);

    public static string ServerName => ClaimOwner.Current;

    public static IServiceCollection AddJobs(this IServiceCollection services)
    {
        services.AddHangfire(c => c
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseInMemoryStorage());
        services.AddHangfireServer(o =>
        {
            o.Queues = Queues;
            // Jobs are chunks of I/O-bound work sharing one in-flight limit per stage; enough workers
            // that a chunk's slow tail never leaves that limit idle.
            o.WorkerCount = 32;
            o.ServerName = ServerName;
            o.HeartbeatInterval = HeartbeatInterval;
        });
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
