namespace Appliance.Reports.Report;

/// <summary>The appliance's software as it ran: processes, queues, settings and the database's indexes.</summary>
public sealed record StackInfo
{
    public IReadOnlyList<ComponentInfo> Components { get; init; } = [];
    public IReadOnlyList<QueueInfo> Queues { get; init; } = [];
    public IReadOnlyList<KeyValuePair<string, string>> ConcurrencySettings { get; init; } = [];
    /// <summary>As reported by <c>SHOW server_version</c>.</summary>
    public string? PostgresVersion { get; init; }
    /// <summary>Rows of <c>pg_indexes</c> for the appliance's tables.</summary>
    public IReadOnlyList<IndexInfo> Indexes { get; init; } = [];
}

/// <summary>A process or service; memory and restarts come from systemd where available.</summary>
public sealed record ComponentInfo(string Name, string? Description, long? MemoryBytes, int? Restarts);

public sealed record QueueInfo(string Name, int Workers, long? Pending);

public sealed record IndexInfo(string Table, string Name, string Definition);
