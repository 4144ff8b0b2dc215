using System.Text;

namespace Appliance.Pipeline;

/// <summary>
/// Who this process is among the nodes sharing the queues: <c>Node:Name</c>, by default <c>host:pid</c>
/// (<see cref="ClaimOwner.Current"/>). Claims it makes carry the name, its Hangfire servers are named after it, and
/// <c>/metrics</c> labels its share of the work with it. Names must differ between nodes.
/// </summary>
public sealed class NodeIdentity(string name, bool shared)
{
    public const string Section = "Node";

    public string Name { get; } = name;

    /// <summary>True when the queues live in PostgreSQL and other nodes may take this node's jobs.</summary>
    public bool Shared { get; } = shared;

    /// <summary>
    /// The queue of the ingest jobs this node may run. An upload is stored in the receiving node's state directory, so
    /// with shared queues its ingest must run there: each node has its own ingest queue (Hangfire queue names are
    /// lower-case letters, digits, <c>_</c> and <c>-</c>).
    /// </summary>
    public string IngestQueue => Shared ? $"{Queues.FileProcessing}_{QueueSafe(Name)}" : Queues.FileProcessing;

    public static NodeIdentity From(IConfiguration? configuration)
    {
        var name = configuration?[$"{Section}:Name"];
        return new NodeIdentity(string.IsNullOrWhiteSpace(name) ? ClaimOwner.Current : name.Trim(), JobsOptions.From(configuration).Shared);
    }

    internal static string QueueSafe(string name)
    {
        var s = new StringBuilder(name.Length);
        foreach (var c in name.ToLowerInvariant())
        {
            s.Append(c is >= 'a' and <= 'z' or >= '0' and <= '9' or '_' or '-' ? c : '_');
        }

        return s.ToString();
    }
}
