namespace Appliance.Pipeline;

/// <summary>The three Hangfire queues, each with its own worker pool (see <see cref="PipelineSetup"/>).</summary>
public static class Queues
{
    public const string FileProcessing = "file_processing";
    public const string Scraping = "scraping";
    public const string AiProcessing = "ai_processing";

    public static readonly string[] All = [FileProcessing, Scraping, AiProcessing];

    /// <summary>Workers per queue. Enough scrape workers that chunks ending in their slowest sites (timeouts) never
    /// leave the shared in-flight limit idle.</summary>
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
}
