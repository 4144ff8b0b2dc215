using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Appliance.Telemetry;

/// <summary>
/// The capacity model's forecast for each upload in progress, for Prometheus: <c>appliance_eta_seconds{upload,bound}</c>
/// (bound = low, expected, high: the 90% interval) and <c>appliance_eta_completion_timestamp_seconds{upload}</c>, the
/// expected end as a Unix time, so an alert can fire when a run will miss a deadline. Whoever prices an upload
/// publishes here (Api's <c>ForecastPublisher</c>); the seconds left count down from the moment it was priced, and an
/// upload that is through is removed.
/// </summary>
public sealed class ForecastGauges
{
    private readonly ConcurrentDictionary<long, (double Expected, double Low, double High, DateTimeOffset At)> _forecasts = new();
    private readonly TimeProvider _time;

    public ForecastGauges(TelemetryMeters meters, TimeProvider time)
    {
        _time = time;
        meters.Pipeline.CreateObservableGauge("appliance_eta_seconds", Left, "s",
            "Seconds until an upload in progress is through, by the capacity model: its 90% interval (low, high) and expected value.");
        meters.Pipeline.CreateObservableGauge("appliance_eta_completion_timestamp_seconds", Completion, "s",
            "When an upload in progress is expected to be through, by the capacity model, as a Unix time.");
    }

    public void Publish(long uploadId, double expected, double low, double high) => _forecasts[uploadId] = (expected, low, high, _time.GetUtcNow());

    /// <summary>Drops every upload not in <paramref name="inProgress"/>.</summary>
    public void Retain(IReadOnlySet<long> inProgress)
    {
        foreach (var id in _forecasts.Keys.Where(id => !inProgress.Contains(id)))
        {
            _forecasts.TryRemove(id, out _);
        }
    }

    private IEnumerable<Measurement<double>> Left()
    {
        var now = _time.GetUtcNow();
        foreach (var (id, f) in _forecasts)
        {
            var elapsed = (now - f.At).TotalSeconds;
            var upload = new KeyValuePair<string, object?>("upload", id);
            yield return new Measurement<double>(Math.Max(0, f.Low - elapsed), upload, new("bound", "low"));
            yield return new Measurement<double>(Math.Max(0, f.Expected - elapsed), upload, new("bound", "expected"));
            yield return new Measurement<double>(Math.Max(0, f.High - elapsed), upload, new("bound", "high"));
        }
    }

    private IEnumerable<Measurement<double>> Completion() =>
        _forecasts.Select(p => new Measurement<double>(p.Value.At.ToUnixTimeMilliseconds() / 1000.0 + p.Value.Expected, new KeyValuePair<string, object?>("upload", p.Key)));
}
