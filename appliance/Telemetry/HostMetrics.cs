using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Appliance.Collectors;
using Microsoft.Extensions.Options;

namespace Appliance.Telemetry;

/// <summary>
/// Publishes the collectors' output as observable instruments named exactly as node_exporter names
/// them (no unit, so the exporter appends nothing). The /metrics endpoint runs one collection
/// cycle per scrape, which every instrument's callback in that scrape then reads, so all host series
/// of one scrape come from one read of the kernel.
/// </summary>
public sealed class HostMetrics
{
    private readonly HostCollection _collection;
    private readonly TelemetryMeters _meters;
    private readonly TimeProvider _time;
    private readonly TimeSpan _maxAge;
    private readonly ConcurrentDictionary<string, Instrument> _instruments = new(StringComparer.Ordinal);
    private volatile HostSnapshot _latest;

    public HostMetrics(HostSources sources, TelemetryMeters meters, TimeProvider time, IOptions<TelemetryOptions> options)
    {
        _collection = new HostCollection(HostCollectors.Create(sources), time);
        _meters = meters;
        _time = time;
        _maxAge = TimeSpan.FromMilliseconds(options.Value.HostMaxAgeMilliseconds);
        Inventory = new Lazy<HostInventory>(() => HostInventory.Read(sources));
        _latest = Collect();
    }

    /// <summary>The host's hardware, read on first use.</summary>
    public Lazy<HostInventory> Inventory { get; }

    public HostSnapshot Latest => _latest;

    /// <summary>A fresh collection cycle; new metric families become instruments.</summary>
    public HostSnapshot Collect()
    {
        var snapshot = _collection.Collect();
        _latest = snapshot;
        foreach (var family in snapshot.Families)
        {
            if (!_instruments.ContainsKey(family.Name))
            {
                _instruments.GetOrAdd(family.Name, _ => Create(family));
            }
        }

        return snapshot;
    }

    /// <summary>The latest snapshot if it is young enough, else a new one.</summary>
    public HostSnapshot Current()
    {
        var latest = _latest;
        return _time.GetElapsedTime(latest.Timestamp) <= _maxAge ? latest : Collect();
    }

    private Instrument Create(MetricFamily family)
    {
        var name = family.Name;
        return family.Type == MetricType.Counter
            ? _meters.Host.CreateObservableCounter(name, () => Observe(name), unit: null, description: family.Help)
            : _meters.Host.CreateObservableGauge(name, () => Observe(name), unit: null, description: family.Help);
    }

    private IEnumerable<Measurement<double>> Observe(string name)
    {
        var family = Current().Find(name);
        if (family is null)
        {
            return [];
        }

        var measurements = new Measurement<double>[family.Samples.Count];
        for (var i = 0; i < measurements.Length; i++)
        {
            measurements[i] = new Measurement<double>(family.Samples[i].Value, family.Samples[i].Labels);
        }

        return measurements;
    }
}
