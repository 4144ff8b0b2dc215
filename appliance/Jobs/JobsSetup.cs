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
        services.AddHangfireServer(o =>
        {
            o.Queues = Queues;
            o.WorkerCount = WorkerCount;
            o.ServerName = $"{Environment.MachineName}:{Environment.ProcessId}";
        });
        return services;
    }
}
