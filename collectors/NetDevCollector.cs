namespace Appliance.Collectors;

/// <summary>
/// node_exporter's netdev collector: <c>node_network_{receive,transmit}_*_total{device}</c> from
/// <c>/proc/net/dev</c>, leaving out <c>lo</c> as Debian's node_exporter does by default.
/// </summary>
public sealed class NetDevCollector(HostSources sources) : ICollector
{
    private static readonly string[] Names = NetDev.CounterNames.Select(n => $"node_network_{n}_total").ToArray();
    private static readonly string[] Helps = NetDev.CounterNames.Select(n => $"Network device statistic {n}.").ToArray();

    public string Name => "netdev";

    public void Collect(MetricWriter writer)
    {
        foreach (var d in NetDev.Parse(ProcFile.Read(sources.Proc("net/dev"))))
        {
            if (d.Device == "lo")
            {
                continue;
            }

            var dev = new[] { Label.Of("device", d.Device) };
            for (var i = 0; i < Names.Length; i++)
            {
                writer.Counter(Names[i], Helps[i], d.Counters[i], dev);
            }
        }
    }
}
