using Hangfire;

namespace Appliance.Jobs;

/// <summary>Hangfire: the three pipeline queues on in-memory storage (one host).</summary>
public static class JobsSetup
{
    public const string FileProcessing = "file_processing";
    public const string Scraping = "scraping";
    public const string AiProcessing = "ai_processing";

    public static readonly string[] Queues = [FileProcessing, Scraping, AiProcessing];

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
            o.ServerName = $"{Environment.MachineName}:{Environment.ProcessId}";
        });
        return services;
    }
}
