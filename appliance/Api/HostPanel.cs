using System.Text.Json.Serialization;
using Appliance.Collectors;
using Appliance.Telemetry;

namespace Appliance.Api;

/// <summary>The host as the page's small panel shows it: load per core, memory, filesystems, disk and network rates.</summary>
public sealed record HostPanelView(
    DateTimeOffset TakenAt, int Cpus, double? Load1PerCore, double? Load5PerCore, double? MemoryTotalBytes, double? MemoryAvailableBytes,
    IReadOnlyList<FilesystemView> Filesystems, double? IntervalSeconds, IReadOnlyList<RateView> Disks, IReadOnlyList<RateView> Network);

/// <summary>A mounted filesystem; its key is <c>mountpoint</c>, one word, as node_exporter spells the label.</summary>
public sealed record FilesystemView([property: JsonPropertyName("mountpoint")] string MountPoint, double SizeBytes, double AvailBytes);

/// <summary>A device's bytes per second in and out over the interval between two snapshots (disk: read/written, network: received/sent).</summary>
public sealed record RateView(string Device, double InBytesPerS, double OutBytesPerS);

/// <summary>
/// Builds <see cref="HostPanelView"/> from the same snapshots <c>/metrics</c> exposes. Rates need two snapshots, so it
/// keeps the last two distinct ones it saw; the first call has figures but no rates.
/// </summary>
public sealed class HostPanel(HostMetrics host, TimeProvider time)
{
    private readonly Lock _gate = new();
    private HostSnapshot? _older;
    private HostSnapshot? _newer;

    public HostPanelView Read()
    {
        var current = host.Current();
        HostSnapshot? previous;
        lock (_gate)
        {
            if (!ReferenceEquals(current, _newer))
            {
                (_older, _newer) = (_newer, current);
            }

            previous = _older;
        }

        return Build(previous, current, previous is null ? 0 : time.GetElapsedTime(previous.Timestamp, current.Timestamp).TotalSeconds);
    }

    /// <summary>The view itself, without state: what the tests feed with fixture snapshots.</summary>
    public static HostPanelView Build(HostSnapshot? previous, HostSnapshot current, double seconds)
    {
        var cpus = current.Find("node_cpu_seconds_total")?.Samples.Select(s => LabelOf(s, "cpu")).Distinct().Count() ?? 0;
        double? PerCore(string name) => current.Value(name) is { } v && cpus > 0 ? Math.Round(v / cpus, 2) : null;

        // Memory filesystems and repeated devices (bind mounts) tell the operator nothing about room for the database.
        var filesystems = current.Find("node_filesystem_size_bytes")?.Samples
            .Where(s => LabelOf(s, "fstype") is not ("tmpfs" or "ramfs"))
            .DistinctBy(s => LabelOf(s, "device"))
            .Select(s => new FilesystemView(LabelOf(s, "mountpoint"), s.Value,
                current.Value("node_filesystem_avail_bytes", ("mountpoint", LabelOf(s, "mountpoint"))) ?? 0))
            .ToList() ?? [];

        var rated = previous is not null && seconds > 0;
        var disks = rated
            ? DiskRates.Between(previous!, current, seconds).Select(d => new RateView(d.Device, d.ReadBytesPerS, d.WriteBytesPerS)).ToList()
            : [];
        var network = rated ? NetworkRates(previous!, current, seconds) : [];
        return new HostPanelView(current.TakenAt, cpus, PerCore("node_load1"), PerCore("node_load5"),
            current.Value("node_memory_MemTotal_bytes"), current.Value("node_memory_MemAvailable_bytes"),
            filesystems, rated ? Math.Round(seconds, 3) : null, disks, network);
    }

    private static List<RateView> NetworkRates(HostSnapshot previous, HostSnapshot current, double seconds) =>
        current.Find("node_network_receive_bytes_total")?.Samples
            .Select(s => LabelOf(s, "device"))
            .Where(dev => previous.Value("node_network_receive_bytes_total", ("device", dev)) is not null)
            .Select(dev =>
            {
                double Rate(string name) => ((current.Value(name, ("device", dev)) ?? 0) - (previous.Value(name, ("device", dev)) ?? 0)) / seconds;
                return new RateView(dev, Rate("node_network_receive_bytes_total"), Rate("node_network_transmit_bytes_total"));
            })
            .ToList() ?? [];

    private static string LabelOf(MetricSample s, string name) => (string?)s.Labels.FirstOrDefault(l => l.Key == name).Value ?? "";
}
