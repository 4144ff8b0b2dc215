using System.ComponentModel.DataAnnotations;

namespace Appliance.Pipeline;

/// <summary>
/// Where the job queues live, bound from the <c>Jobs</c> section. <c>memory</c> (the default): Hangfire.InMemory, one
/// host, queues die with the process and start-up recovery rebuilds them from PostgreSQL. <c>postgres</c>:
/// Hangfire.PostgreSql in its own schema of the appliance's database, so several <c>appliance serve</c> processes on
/// any hosts share one set of queues (see docs/operations.md, "Several nodes").
/// </summary>
public sealed class JobsOptions
{
    public const string Section = "Jobs";
    public const string Memory = "memory";
    public const string Postgres = "postgres";

    [RegularExpression("^(memory|postgres)$", ErrorMessage = "Jobs:Storage must be 'memory' or 'postgres'")]
    public string Storage { get; set; } = Memory;

    /// <summary>The schema Hangfire.PostgreSql creates and uses for its tables (postgres storage only).</summary>
    [RegularExpression("^[a-z_][a-z0-9_]{0,62}$", ErrorMessage = "Jobs:Schema must be a lower-case SQL identifier")]
    public string Schema { get; set; } = "hangfire";

    /// <summary>
    /// How long a node's claims outlive its last heartbeat (postgres storage only). A node renews its lease every third
    /// of this; when it lapses, any other node hands the node's claimed rows back to pending and queues them again.
    /// </summary>
    [Range(2, 3600)]
    public int LeaseSeconds { get; set; } = 60;

    /// <summary>
    /// How often an idle worker looks for a job another node queued (postgres storage; its own are seen at once). Every
    /// idle worker (50 a node) polls in a transaction of its own: at 1 s that was 50 commits/s per idle node, at 5 s it
    /// is 10, and a chunk (minutes of work) waits at most 5 s for another node to take it.
    /// </summary>
    [Range(50, 60_000)]
    public int PollMilliseconds { get; set; } = 5000;

    /// <summary>
    /// How long a finished job (succeeded or deleted) stays in the in-memory storage, for the dashboard (memory storage
    /// only). Hangfire asks for a day and Hangfire.InMemory caps that at 3 hours: a daemon queues about 20 jobs per
    /// 1,000 rows (a scrape chunk, a generate chunk every 250 rows or 3 s), so at lab speed 3 hours held ~57,000 finished
    /// jobs with their arguments and state history in memory. The rows' own state lives in PostgreSQL; nothing reads a
    /// finished job back.
    /// </summary>
    [Range(1, 24 * 60)]
    public int KeepFinishedMinutes { get; set; } = 10;

    public bool Shared => Storage == Postgres;

    public TimeSpan Lease => TimeSpan.FromSeconds(LeaseSeconds);

    /// <summary>Read straight from configuration: the job servers are added before options can be resolved.</summary>
    public static JobsOptions From(IConfiguration? configuration) =>
        configuration?.GetSection(Section).Get<JobsOptions>() ?? new JobsOptions();
}
