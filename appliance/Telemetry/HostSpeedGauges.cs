using System.Diagnostics.Metrics;
using Appliance.Collectors;
using Microsoft.Extensions.Options;

namespace Appliance.Telemetry;

/// <summary>
/// The host's speed by <see cref="HostSpeedProbe"/> (~10 ms of one core a reading): taken at a background refresh at most
/// every <c>Telemetry:HostSpeedProbeSeconds</c> (30 s; 0: never) and published as
/// <c>appliance_host_speed_probe_seconds{work}</c>, so Prometheus sees the host's effective speed between runs too (on a
/// shared VM a busy neighbour makes the same work cost more CPU, which neither the load average nor steal shows); while a
/// run is recorded, <see cref="SampleRecorder"/> asks for a reading at most <see cref="RecordingSeconds"/> old with each
/// sample (<see cref="Current"/>), the same one the gauge then shows. Idle that is 0.03 % of a core, recording 0.2 %.
/// <c>work</c> is <c>integer_chain</c> (the core's own speed) or <c>memory_walk</c> (a 4 MiB random walk: the caches and
/// memory). Absent where the thread's CPU clock cannot be read.
/// </summary>
public sealed class HostSpeedGauges : IBackgroundReading
{
    private readonly double _every;
    private readonly TimeProvider _time;
    private volatile Reading? _last;

    public HostSpeedGauges(TelemetryMeters meters, IOptions<TelemetryOptions>? options = null, TimeProvider? time = null)
    {
        _every = (options?.Value ?? new TelemetryOptions()).HostSpeedProbeSeconds;
        _time = time ?? TimeProvider.System;
        meters.Host.CreateObservableGauge("appliance_host_speed_probe_seconds", Observe, "s",
            "CPU seconds a fixed piece of work took on this host at the last refresh (higher: a slower host), by work: integer_chain, memory_walk.");
    }

    /// <summary>How old a reading a recorded sample may carry.</summary>
    public const double RecordingSeconds = 5;

    /// <summary>The last reading; null before the first, or where the thread's CPU clock cannot be read.</summary>
    public HostSpeed? Latest => _last?.Speed;

    public Task RefreshAsync(CancellationToken ct)
    {
        Current(_every);
        return Task.CompletedTask;
    }

    /// <summary>A reading at most <paramref name="maxAgeSeconds"/> old (taken now if the last is older); null where the probe is off or cannot read.</summary>
    public HostSpeed? Current(double maxAgeSeconds)
    {
        var now = _time.GetTimestamp();
        if (_every > 0 && (_last is not { } last || _time.GetElapsedTime(last.Timestamp, now).TotalSeconds >= Math.Min(_every, maxAgeSeconds) * 0.9)
            && HostSpeedProbe.Measure() is { } speed)
        {
            _last = new Reading(speed, now);
        }

        return _every > 0 ? Latest : null;
    }

    private IEnumerable<Measurement<double>> Observe() => _last is { } last
        ?
        [
            new Measurement<double>(last.Speed.ComputeMs / 1000, new KeyValuePair<string, object?>("work", "integer_chain")),
            new Measurement<double>(last.Speed.MemoryMs / 1000, new KeyValuePair<string, object?>("work", "memory_walk")),
        ]
        : [];

    // A reference, so that one volatile write publishes both readings together.
    private sealed record Reading(HostSpeed Speed, long Timestamp);
}
