namespace Appliance.Collectors;

/// <summary>
/// node_exporter's diskstats collector over <c>/proc/diskstats</c>: completed and merged I/Os, bytes,
/// time, in-flight, busy time and weighted busy time per whole disk; discards and flushes where the
/// kernel reports them (4.18+ and 5.5+).
/// </summary>
public sealed class DiskStatsCollector(HostSources sources) : ICollector
{
    public string Name => "diskstats";

    public void Collect(MetricWriter w)
    {
        var exclude = DiskStats.DefaultExclude();
        foreach (var d in DiskStats.Parse(ProcFile.Read(sources.Proc("diskstats"))))
        {
            if (exclude.IsMatch(d.Device))
            {
                continue;
            }

            var dev = new[] { Label.Of("device", d.Device) };
            w.Counter("node_disk_reads_completed_total", "The total number of reads completed successfully.", d.ReadsCompleted, dev);
            w.Counter("node_disk_reads_merged_total", "The total number of reads merged.", d.ReadsMerged, dev);
            w.Counter("node_disk_read_bytes_total", "The total number of bytes read successfully.", d.SectorsRead * DiskStats.SectorBytes, dev);
            w.Counter("node_disk_read_time_seconds_total", "The total number of seconds spent by all reads.", d.ReadMs / 1000.0, dev);
            w.Counter("node_disk_writes_completed_total", "The total number of writes completed successfully.", d.WritesCompleted, dev);
            w.Counter("node_disk_writes_merged_total", "The number of writes merged.", d.WritesMerged, dev);
            w.Counter("node_disk_written_bytes_total", "The total number of bytes written successfully.", d.SectorsWritten * DiskStats.SectorBytes, dev);
            w.Counter("node_disk_write_time_seconds_total", "This is the total number of seconds spent by all writes.", d.WriteMs / 1000.0, dev);
            w.Gauge("node_disk_io_now", "The number of I/Os currently in progress.", d.IoNow, dev);
            w.Counter("node_disk_io_time_seconds_total", "Total seconds spent doing I/Os.", d.IoMs / 1000.0, dev);
            w.Counter("node_disk_io_time_weighted_seconds_total", "The weighted # of seconds spent doing I/Os.", d.WeightedIoMs / 1000.0, dev);
            if (d.DiscardsCompleted is { } discards)
            {
                w.Counter("node_disk_discards_completed_total", "The total number of discards completed successfully.", discards, dev);
                w.Counter("node_disk_discards_merged_total", "The total number of discards merged.", d.DiscardsMerged ?? 0, dev);
                w.Counter("node_disk_discarded_sectors_total", "The total number of sectors discarded successfully.", d.SectorsDiscarded ?? 0, dev);
                w.Counter("node_disk_discard_time_seconds_total", "This is the total number of seconds spent by all discards.", (d.DiscardMs ?? 0) / 1000.0, dev);
            }

            if (d.FlushesCompleted is { } flushes)
            {
                w.Counter("node_disk_flush_requests_total", "The total number of flush requests completed successfully", flushes, dev);
                w.Counter("node_disk_flush_requests_time_seconds_total", "This is the total number of seconds spent by all flush requests.", (d.FlushMs ?? 0) / 1000.0, dev);
            }
        }
    }
}
