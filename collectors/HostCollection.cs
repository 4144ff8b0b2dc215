using System.Diagnostics;

namespace Appliance.Collectors;

/// <summary>
/// Runs every collector once per cycle. A collector that throws loses only its own samples and
/// reports <c>appliance_collector_success 0</c>; the rest of the cycle goes on. Each collector's
/// success and duration are written last, under node_exporter's scrape-collector pattern.
/// </summary>
public sealed class HostCollection(IReadOnlyList<ICollector> collectors, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Lock _gate = new();

    public IReadOnlyList<ICollector> Collectors { get; } = collectors;

    /// <summary>One cycle. Serialised, because collectors keep small state (stuck mounts, start time).</summary>
    public HostSnapshot Collect()
    {
        lock (_gate)
        {
            var takenAt = _time.GetUtcNow();
            var started = _time.GetTimestamp();
            var writer = new MetricWriter();
            var results = new CollectorResult[Collectors.Count];
            for (var i = 0; i < Collectors.Count; i++)
            {
                results[i] = Run(Collectors[i], writer);
            }

            foreach (var r in results)
            {
                var label = Label.Of("collector", r.Name);
                writer.Gauge("appliance_collector_duration_seconds", "Duration of a collector's last run.", r.Seconds, label);
            }

            foreach (var r in results)
            {
                writer.Gauge("appliance_collector_success", "Whether a collector's last run succeeded (1) or failed (0).", r.Success ? 1 : 0, Label.Of("collector", r.Name));
            }

            return new HostSnapshot(takenAt, started, writer.Families(), results);
        }
    }

    private static CollectorResult Run(ICollector collector, MetricWriter writer)
    {
        var mark = writer.Mark();
        var start = Stopwatch.GetTimestamp();
        try
        {
            collector.Collect(writer);
            return new CollectorResult(collector.Name, true, Stopwatch.GetElapsedTime(start).TotalSeconds, null);
        }
        catch (Exception e)
        {
            writer.RollbackTo(mark);
            return new CollectorResult(collector.Name, false, Stopwatch.GetElapsedTime(start).TotalSeconds, $"{e.GetType().Name}: {e.Message}");
        }
    }
}
