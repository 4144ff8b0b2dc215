using System.Text.Json;
using Appliance.Collectors;

namespace Appliance.Telemetry;

/// <summary>Items completed since start and in flight now, per stage, as <see cref="PipelineMetrics.Read"/> gives them.</summary>
public readonly record struct PipelineReading(long Ingest, long Scrape, long Generate, long IngestInFlight, long ScrapeInFlight, long GenerateInFlight)
{
    public static PipelineReading From(PipelineMetrics p)
    {
        var (i, iif) = p.Read(PipelineMetrics.Ingest);
        var (s, sif) = p.Read(PipelineMetrics.Scrape);
        var (g, gif) = p.Read(PipelineMetrics.Generate);
        return new PipelineReading(i, s, g, iif, sif, gif);
    }
}

/// <summary>
/// One row of <c>metric_samples</c>: the interval between two host snapshots turned into rates
/// (iostat's arithmetic for disks: await = Δtime/ΔI/Os, queue depth = Δweighted time/Δt).
/// Disk totals leave out device-mapper and md devices, which re-count their member disks' I/O.
/// </summary>
public sealed record SampleRow(
    DateTimeOffset Ts, double IntervalSeconds, double? Load1, double? Load5, double? Load15,
    double CpuUser, double CpuNice, double CpuSystem, double CpuIowait, double CpuIrq, double CpuSoftirq, double CpuSteal, double CpuIdle,
    long? MemUsedBytes, long? MemAvailableBytes,
    double DiskReadBytesPerS, double DiskWriteBytesPerS, double DiskIops, double? DiskWaitMs, double DiskQueueDepth, string Disks,
    double NetRxBytesPerS, double NetTxBytesPerS,
    double? PsiCpuSome, double? PsiMemorySome, double? PsiMemoryFull, double? PsiIoSome, double? PsiIoFull,
    long IngestCompleted, long ScrapeCompleted, long GenerateCompleted, long IngestInFlight, long ScrapeInFlight, long GenerateInFlight,
    long? ProcessRssBytes, double? ProcessCpuCores)
{
    /// <summary><see cref="HostSpeedProbe"/>'s readings taken with the sample (CPU ms for fixed work; more is a slower host); null where it cannot read.</summary>
    public double? ProbeComputeMs { get; init; }

    /// <inheritdoc cref="ProbeComputeMs"/>
    public double? ProbeMemoryMs { get; init; }

    public static SampleRow Between(HostSnapshot prev, HostSnapshot cur, double seconds, PipelineReading p0, PipelineReading p1)
    {
        var d = new SnapshotDelta(prev, cur);
        double Mode(string m) => d.Of("node_cpu_seconds_total", SnapshotDelta.Where("mode", m));
        var cpuTotal = d.Of("node_cpu_seconds_total");
        double Cpu(string m) => cpuTotal > 0 ? Mode(m) / cpuTotal : 0;
        double? Rate(string name) => cur.Find(name) is null || prev.Find(name) is null ? null : d.Of(name) / seconds;

        var memTotal = cur.Value("node_memory_MemTotal_bytes");
        var memAvailable = cur.Value("node_memory_MemAvailable_bytes");
        var disks = DiskRates.Between(prev, cur, seconds);
        var physical = disks.Where(x => !x.Device.StartsWith("dm-", StringComparison.Ordinal) && !x.Device.StartsWith("md", StringComparison.Ordinal)).ToList();
        var ios = physical.Sum(x => x.Iops);

        return new SampleRow(cur.TakenAt, seconds, cur.Value("node_load1"), cur.Value("node_load5"), cur.Value("node_load15"),
            Cpu("user"), Cpu("nice"), Cpu("system"), Cpu("iowait"), Cpu("irq"), Cpu("softirq"), Cpu("steal"), Cpu("idle"),
            (long?)(memTotal - memAvailable), (long?)memAvailable,
            physical.Sum(x => x.ReadBytesPerS), physical.Sum(x => x.WriteBytesPerS), ios,
            ios > 0 ? physical.Sum(x => (x.WaitMs ?? 0) * x.Iops) / ios : null, physical.Sum(x => x.QueueDepth),
            JsonSerializer.Serialize(disks.ToDictionary(x => x.Device), DiskRates.Json),
            d.Of("node_network_receive_bytes_total") / seconds, d.Of("node_network_transmit_bytes_total") / seconds,
            Rate("node_pressure_cpu_waiting_seconds_total"), Rate("node_pressure_memory_waiting_seconds_total"),
            Rate("node_pressure_memory_stalled_seconds_total"), Rate("node_pressure_io_waiting_seconds_total"),
            Rate("node_pressure_io_stalled_seconds_total"),
            p1.Ingest - p0.Ingest, p1.Scrape - p0.Scrape, p1.Generate - p0.Generate, p1.IngestInFlight, p1.ScrapeInFlight, p1.GenerateInFlight,
            (long?)cur.Value("process_resident_memory_bytes"), Rate("process_cpu_seconds_total"));
    }
}
