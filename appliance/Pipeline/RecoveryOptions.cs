using System.ComponentModel.DataAnnotations;

namespace Appliance.Pipeline;

/// <summary>Recovery of unfinished work, bound from the <c>Recovery</c> section.</summary>
public sealed class RecoveryOptions
{
    public const string Section = "Recovery";

    /// <summary>How often, after a failed chunk or a PostgreSQL outage, the daemon looks whether the queues went idle with work left.</summary>
    [Range(1, 3600)]
    public int CheckSeconds { get; set; } = 10;
}
