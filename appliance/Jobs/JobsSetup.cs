using Hangfire;

namespace Appliance.Jobs;

/// <summary>Hangfire: the three pipeline queues on in-memory storage (one host).</summary>
public static class JobsSetup
{
    public const string FileProcessing = "file_processing";
    public const string Scraping = "scraping";
    public const string AiProcessing = "ai_processing";

    public static readonly string[] Queues = [FileProcessing, Scraping, AiProcessing];

    /// <summary>
    /// Jobs are chunks of I/O-bound work sharing one in-flight limit per stage; enough workers that a
    /// chunk's slow tail never leaves that limit idle.
    /// </summary>
    public const int WorkerCount = 32;

    public static IServiceCollection AddJobs(this IServiceCollection services)
    {
        services.AddHangfire(c => c
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseInMemoryStorage());
        // Two worker pools, so generate chunks never queue behind scrape chunks: with one pool, workers fetch
        // queues in order, a long file's scrape chunks took every worker, and generation began only as
        // scraping ran out — the stages ran one after the other instead of overlapping.
        services.AddHangfireServer(o =>
        {
            o.Queues = [FileProcessing, Scraping];
            o.WorkerCount = WorkerCount;
            o.ServerName = $"{Environment.MachineName}:{Environment.ProcessId}:scrape";
        });
        services.AddHangfireServer(o =>
        {
            o.Queues = [AiProcessing];
            o.WorkerCount = WorkerCount;
            o.ServerName = $"{Environment.MachineName}:{Environment.ProcessId}:generate";
        });
        return services;
    }
}
