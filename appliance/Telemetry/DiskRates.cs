using System.Text.Json;
using System.Text.Json.Serialization;
using Appliance.Collectors;

namespace Appliance.Telemetry;

/// <summary>
/// One disk over one interval, as iostat -x shows it: throughput, IOPS, average wait per I/O,
/// average queue depth and busy fraction. On NVMe the busy fraction saturates long before the
/// device does, which is why the report leads with IOPS, wait and queue depth.
/// </summary>
public sealed record DiskRates(
    string Device, double ReadBytesPerS, double WriteBytesPerS, double Iops, double? WaitMs, double QueueDepth, double Busy)
{
    public static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public static List<DiskRates> Between(HostSnapshot prev, HostSnapshot cur, double seconds)
    {
        var devices = cur.Find("node_disk_reads_completed_total")?.Samples
            .Select(s => (string)s.Labels.Single(l => l.Key == "device").Value!)
            .Where(dev => prev.Value("node_disk_reads_completed_total", ("device", dev)) is not null)
            .ToList() ?? [];

        var rates = new List<DiskRates>(devices.Count);
        foreach (var dev in devices)
        {
            double D(string name) => (cur.Value(name, ("device", dev)) ?? 0) - (prev.Value(name, ("device", dev)) ?? 0);
            var ios = D("node_disk_reads_completed_total") + D("node_disk_writes_completed_total");
            var ioSeconds = D("node_disk_read_time_seconds_total") + D("node_disk_write_time_seconds_total");
            rates.Add(new DiskRates(dev, D("node_disk_read_bytes_total") / seconds, D("node_disk_written_bytes_total") / seconds,
                ios / seconds, ios > 0 ? ioSeconds * 1000 / ios : null,
                D("node_disk_io_time_weighted_seconds_total") / seconds, D("node_disk_io_time_seconds_total") / seconds));
        }

        return rates;
    }
}
