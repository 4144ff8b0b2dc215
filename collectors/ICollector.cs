namespace Appliance.Collectors;

/// <summary>
/// One kernel interface turned into metrics, like a node_exporter collector. A collector reads,
/// parses with a pure parser, then writes; it throws only when the interface is there but broken,
/// and writes nothing (and succeeds) when the interface is absent on this kernel.
/// </summary>
public interface ICollector
{
    /// <summary>The <c>collector</c> label of <c>appliance_collector_success</c>, e.g. <c>loadavg</c>.</summary>
    string Name { get; }

    void Collect(MetricWriter writer);
}
