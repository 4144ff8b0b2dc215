namespace Appliance.Collectors;

/// <summary>One block device as the report lists it.</summary>
public sealed record DiskInventory(string Name, string? Model, double SizeBytes, bool Rotational);

/// <summary>
/// The host's hardware and identity, read once for the capacity report: CPU model and cores, RAM,
/// whole disks with model, size and rotational flag, kernel release, hostname and uptime.
/// </summary>
public sealed record HostInventory(
    string CpuModel, int LogicalCpus, int PhysicalCores, double MemoryBytes,
    IReadOnlyList<DiskInventory> Disks, string Kernel, string Hostname, double UptimeSeconds)
{
    public static HostInventory Read(HostSources sources)
    {
        var cpu = CpuInfo.Parse(ProcFile.Read(sources.Proc("cpuinfo")));
        var memory = MemInfo.Parse(ProcFile.Read(sources.Proc("meminfo"))).FirstOrDefault(f => f.Name == "MemTotal_bytes").Value;
        var uptime = Numbers.Double(Numbers.Fields(ProcFile.Read(sources.Proc("uptime")))[0]);
        return new HostInventory(cpu.Model, cpu.LogicalCpus, cpu.PhysicalCores, memory, ReadDisks(sources),
            ReadLine(sources.Proc("sys/kernel/osrelease")), ReadLine(sources.Proc("sys/kernel/hostname")), uptime);
    }

    private static List<DiskInventory> ReadDisks(HostSources sources)
    {
        var block = sources.Sys("block");
        if (!Directory.Exists(block))
        {
            return [];
        }

        var disks = new List<DiskInventory>();
        foreach (var dir in Directory.EnumerateFileSystemEntries(block).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(dir);
            if (DiskStats.DefaultExclude().IsMatch(name) || name.StartsWith("zram", StringComparison.Ordinal))
            {
                continue;
            }

            // sysfs "size" is in 512-byte sectors whatever the logical block size.
            var sectors = ProcFile.TryRead(Path.Combine(dir, "size"), out var size) ? Numbers.Double(size.Trim()) : 0;
            var model = ProcFile.TryRead(Path.Combine(dir, "device/model"), out var m) ? m.Trim() : null;
            var rotational = ProcFile.TryRead(Path.Combine(dir, "queue/rotational"), out var r) && r.Trim() == "1";
            disks.Add(new DiskInventory(name, model, sectors * DiskStats.SectorBytes, rotational));
        }

        return disks;
    }

    private static string ReadLine(string path) => ProcFile.TryRead(path, out var text) ? text.Trim() : "unknown";
}
