using System.Text.RegularExpressions;

namespace Appliance.Collectors;

/// <summary>One line of <c>/proc/diskstats</c> (Documentation/admin-guide/iostats.rst), raw kernel units.</summary>
public sealed record DiskStatsLine(
    string Device, ulong ReadsCompleted, ulong ReadsMerged, ulong SectorsRead, ulong ReadMs,
    ulong WritesCompleted, ulong WritesMerged, ulong SectorsWritten, ulong WriteMs,
    ulong IoNow, ulong IoMs, ulong WeightedIoMs,
    ulong? DiscardsCompleted, ulong? DiscardsMerged, ulong? SectorsDiscarded, ulong? DiscardMs,
    ulong? FlushesCompleted, ulong? FlushMs);

public static partial class DiskStats
{
    /// <summary>The kernel counts diskstats sectors in 512-byte units whatever the device's sector size.</summary>
    public const double SectorBytes = 512;

    /// <summary>
    /// node_exporter's default device exclusion: partitions of sd/hd/vd/xvd disks and NVMe namespaces,
    /// RAM disks, loop devices and floppies. <c>nvme0n1</c> is kept, <c>nvme0n1p1</c> dropped.
    /// </summary>
    [GeneratedRegex(@"^(ram|loop|fd|(h|s|v|xv)d[a-z]|nvme\d+n\d+p)\d+$")]
    public static partial Regex DefaultExclude();

    public static List<DiskStatsLine> Parse(string text)
    {
        var disks = new List<DiskStatsLine>();
        foreach (var line in Numbers.Lines(text))
        {
            var f = Numbers.Fields(line);
            if (f.Length < 14)
            {
                continue;
            }

            ulong U(int i) => Numbers.ULong(f[i]);
            ulong? Opt(int i) => i < f.Length ? Numbers.ULong(f[i]) : null;
            disks.Add(new DiskStatsLine(f[2], U(3), U(4), U(5), U(6), U(7), U(8), U(9), U(10), U(11), U(12), U(13),
                Opt(14), Opt(15), Opt(16), Opt(17), Opt(18), Opt(19)));
        }

        return disks;
    }
}
