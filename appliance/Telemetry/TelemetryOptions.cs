using System.ComponentModel.DataAnnotations;

namespace Appliance.Telemetry;

/// <summary>The <c>Telemetry</c> section: where host metrics come from, where /metrics is served, how often samples are taken.</summary>
public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    [Required]
    public string ProcRoot { get; set; } = "/proc";

    [Required]
    public string SysRoot { get; set; } = "/sys";

    /// <summary>
    /// Serve /metrics only on this extra address (e.g. <c>http://127.0.0.1:9101</c>, loopback for a
    /// local Prometheus) instead of the main port. Empty: /metrics on the main port.
    /// </summary>
    [Url]
    public string? MetricsUrl { get; set; }

    /// <summary>Interval of the sample recorder's rows while a run is active.</summary>
    [Range(0.05, 60)]
    public double SampleIntervalSeconds { get; set; } = 1;

    /// <summary>
    /// With shared queues, how often a node looks whether another node measures a run, to record its own samples for it
    /// (<see cref="RunFollower"/>): one read-only statement each time.
    /// </summary>
    [Range(0.1, 60)]
    public double FollowSeconds { get; set; } = 5;

    /// <summary>How often the PostgreSQL and queue figures are re-read in the background; scrapes read the cache.</summary>
    [Range(0.1, 3600)]
    public double BackgroundRefreshSeconds { get; set; } = 5;

    /// <summary>
    /// How often the host speed probe runs while no run is recorded (<see cref="HostSpeedGauges"/>: ~10 ms of one core
    /// each time), at a background refresh at least this long after the last; while a run is recorded, every 5 s.
    /// 0 turns it off (no <c>appliance_host_speed_probe_seconds</c>, and the samples' <c>probe_*</c> columns stay null).
    /// </summary>
    [Range(0, 3600)]
    public double HostSpeedProbeSeconds { get; set; } = 30;

    /// <summary>
    /// A /metrics scrape always reads the host afresh; any other reader of the instruments (an
    /// in-process listener) reuses a host collection younger than this.
    /// </summary>
    [Range(0, 60_000)]
    public int HostMaxAgeMilliseconds { get; set; } = 1000;
}
