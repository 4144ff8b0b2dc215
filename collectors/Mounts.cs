using System.Text.RegularExpressions;

namespace Appliance.Collectors;

/// <summary>One line of <c>/proc/1/mounts</c> (fstab(5) format).</summary>
public sealed record MountEntry(string Device, string MountPoint, string FsType, string Options)
{
    public bool ReadOnly => Options.Split(',').Contains("ro");
}

public static partial class Mounts
{
    /// <summary>Debian node_exporter 1.5's default mount-point exclusion.</summary>
    [GeneratedRegex("^/(dev|proc|run|sys|mnt|media|var/lib/docker/.+|var/lib/containers/storage/.+)($|/)")]
    public static partial Regex DefaultMountPointExclude();

    /// <summary>node_exporter's default filesystem-type exclusion: pseudo and read-only image filesystems.</summary>
    [GeneratedRegex("^(autofs|binfmt_misc|bpf|cgroup2?|configfs|debugfs|devpts|devtmpfs|fusectl|hugetlbfs|iso9660|mqueue|nsfs|overlay|proc|procfs|pstore|rpc_pipefs|securityfs|selinuxfs|squashfs|sysfs|tracefs)$")]
    public static partial Regex DefaultFsTypeExclude();

    public static List<MountEntry> Parse(string text)
    {
        var mounts = new List<MountEntry>();
        foreach (var line in Numbers.Lines(text))
        {
            var f = Numbers.Fields(line);
            if (f.Length < 4)
            {
                throw new FormatException($"malformed mount line: {line}");
            }

            // Spaces and tabs in mount points are octal-escaped (fstab(5)).
            var mountPoint = f[1].Replace("\\040", " ", StringComparison.Ordinal).Replace("\\011", "\t", StringComparison.Ordinal);
            mounts.Add(new MountEntry(f[0], mountPoint, f[2], f[3]));
        }

        return mounts;
    }

    /// <summary>The mounts node_exporter reports by default, each (device, mount point, type) once.</summary>
    public static List<MountEntry> Reported(IEnumerable<MountEntry> mounts)
    {
        var seen = new HashSet<(string, string, string)>();
        return mounts
            .Where(m => !DefaultMountPointExclude().IsMatch(m.MountPoint) && !DefaultFsTypeExclude().IsMatch(m.FsType))
            .Where(m => seen.Add((m.Device, m.MountPoint, m.FsType)))
            .ToList();
    }
}
