namespace Appliance.Reports.Report;

/// <summary>The appliance's software as it ran: processes, queues, settings and the database's indexes.</summary>
public sealed record StackInfo
{
    public IReadOnlyList<ComponentInfo> Components { get; init; } = [];
    public IReadOnlyList<QueueInfo> Queues { get; init; } = [];
    public IReadOnlyList<KeyValuePair<string, string>> ConcurrencySettings { get; init; } = [];
    /// <summary>The .NET runtime (RuntimeInformation.FrameworkDescription) and the appliance's own version.</summary>
    public string? Runtime { get; init; }
    public string? ApplianceVersion { get; init; }
    /// <summary>As reported by <c>SHOW server_version</c>.</summary>
    public string? PostgresVersion { get; init; }
    /// <summary>Rows of <c>pg_indexes</c> for the appliance's tables.</summary>
    public IReadOnlyList<IndexInfo> Indexes { get; init; } = [];
}

/// <summary>A process or service, its version, and its peak memory during the run when measured.</summary>
public sealed record ComponentInfo(string Name, string? Version, string? Description, long? MemoryBytes);

public sealed record QueueInfo(string Name, int Workers, long? Pending);

public sealed record IndexInfo(string Table, string Name, string Definition);
