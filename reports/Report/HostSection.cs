using static Appliance.Reports.Report.ReportFormat;

namespace Appliance.Reports.Report;

/// <summary>Section 2: the hardware, and how busy each part of it was during the run.</summary>
public static class HostSection
{
    public const string Title = "4. Host";

    public static void Write(ReportContext context)
    {
        var host = context.Input.Host;
        context.Heading1(Title);
        context.Heading2("Inventory");
        var inventory = new List<(string, string)>
        {
            ("Hostname", host.Hostname),
            ("CPU", host.CpuModel ?? Missing),
            ("Cores (logical)", host.Cores.ToString()),
            ("Memory", Bytes(host.RamBytes)),
            ("Kernel", host.Kernel ?? Missing),
        };
        foreach (var disk in host.Disks)
            inventory.Add(($"Disk {disk.Name}", $"{disk.Model ?? "unknown model"}, {Bytes(disk.SizeBytes)}, {DiskKind(disk)}"));
        if (host.Disks.Count == 0)
            inventory.Add(("Disks", "not reported"));
        context.KeyValues(inventory);

        context.Heading2("During the run");
        if (context.Input.Samples.Count == 0)
        {
            context.Paragraph("No host samples were recorded for this run, so the host's load cannot be shown.");
            return;
        }
        context.Paragraph($"{context.Input.Samples.Count} samples, one per second. CPU figures are shares of all {host.Cores} cores together; " +
            "load average is divided by the core count, so 1.0 means as many runnable tasks as cores. For an NVMe disk \"% busy\" " +
            "saturates long before the device does, so the disk is shown as IOPS, throughput, wait and queue depth instead.");
        Charts(context);
    }

    static string DiskKind(DiskInfo disk) => disk.Rotational switch
    {
        true => "rotational (HDD)",
        false => disk.Name.StartsWith("nvme", StringComparison.Ordinal) ? "NVMe SSD" : "SSD",
        null => "type unknown",
    };

    static void Charts(ReportContext c)
    {
        double cores = c.Cores;
        static string Ratio(double v) => Number(v);
        static string Pct(double v) => Number(v) + " %";

        MeasuredChart.Write(c, "Load per core", "Load average per core (1, 5 and 15 minutes).",
            [new("load1 / core", s => s.Load1 / cores), new("load5 / core", s => s.Load5 / cores), new("load15 / core", s => s.Load15 / cores)],
            Ratio, "Load average was not recorded.");

        MeasuredChart.Write(c, "% of all CPUs", "CPU busy by mode, as a share of all cores.",
            [
                new("user", s => s.CpuUser), new("system", s => s.CpuSystem), new("iowait", s => s.CpuIowait),
                new("irq + softirq", s => s.CpuIrq + s.CpuSoftirq), new("steal", s => s.CpuSteal), new("nice", s => s.CpuNice),
            ],
            Pct, "CPU time by mode was not recorded.", scale: 100);

        const double GiB = 1024.0 * 1024 * 1024;
        MeasuredChart.Write(c, "GiB", "Memory used and available (MemAvailable), and the appliance's resident memory.",
            [new("used", s => s.MemUsedBytes / GiB), new("available", s => s.MemAvailableBytes / GiB), new("appliance RSS", s => s.ProcessRssBytes / GiB)],
            v => Bytes(v * GiB), "Memory was not recorded.");

        MeasuredChart.Write(c, "I/O operations / s", "Disk operations per second (reads and writes, all disks).",
            [new("IOPS", s => s.DiskIops)], v => Number(v) + "/s", "Disk operations were not recorded.");

        const double MiB = 1024.0 * 1024;
        MeasuredChart.Write(c, "MiB/s", "Disk throughput.",
            [new("read", s => s.DiskReadBytesPerS / MiB), new("write", s => s.DiskWriteBytesPerS / MiB)],
            v => BytesPerSecond(v * MiB), "Disk throughput was not recorded.");

        MeasuredChart.Write(c, "ms", "Average disk wait per operation.",
            [new("wait (ms)", s => s.DiskWaitMs)], v => Number(v) + " ms", "Disk wait was not recorded.");

        MeasuredChart.Write(c, "requests in flight", "Average disk queue depth.",
            [new("queue depth", s => s.DiskQueueDepth)], v => Number(v), "Disk queue depth was not recorded.");

        MeasuredChart.Write(c, "MiB/s", "Network traffic (all interfaces except loopback).",
            [new("received", s => s.NetRxBytesPerS / MiB), new("sent", s => s.NetTxBytesPerS / MiB)],
            v => BytesPerSecond(v * MiB), "Network traffic was not recorded.",
            whenZero: "Network: not measured. There was no traffic outside loopback (the lab's websites and LLM run on this host, and loopback is not counted).");

        MeasuredChart.Write(c, "% of time stalled", "Pressure stall information: share of time some (or all) tasks waited for CPU, memory or I/O.",
            [
                new("cpu some", s => s.PsiCpuSome), new("memory some", s => s.PsiMemorySome), new("memory full", s => s.PsiMemoryFull),
                new("io some", s => s.PsiIoSome), new("io full", s => s.PsiIoFull),
            ],
            Pct, "Pressure stall information (/proc/pressure) was not available on this host, so CPU, memory and I/O " +
                 "stalls are not shown; the kernel needs CONFIG_PSI and psi=1.", scale: 100);

        MeasuredChart.Write(c, "cores", "CPU used by the appliance process, in cores.",
            [new("appliance", s => s.ProcessCpuCores)], v => Number(v) + " cores", "The appliance's own CPU use was not recorded.");

        MeasuredChart.Write(c, "CPU ms", "How fast the host's CPU ran: CPU milliseconds the same fixed work took, read every 5 s (an integer chain, " +
            "and a walk of 4 MiB of memory in random order); higher is a slower host. A busy neighbour on a shared VM shows here, not in the load average or steal.",
            [new("integer chain", s => s.ProbeComputeMs), new("4 MiB walk", s => s.ProbeMemoryMs)],
            v => Number(v) + " ms", "The host's speed was not probed in this run (recorded from migration 0017 on).");
    }
}
