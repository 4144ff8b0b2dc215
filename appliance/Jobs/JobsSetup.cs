using Hangfire;

namespace Appliance.Jobs;

/// <summary>Hangfire: the three pipeline queues on in-memory storage (one host).</summary>
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
                o.ServerName = $"{Environment.MachineName}:{Environment.ProcessId}:{queue}";
            });
        }

        return services;
    }
}
