using System.Globalization;

namespace Appliance.Collectors.Tests.Support;

/// <summary>The fixture hosts under <c>tests/fixtures/</c>: procfs and sysfs trees plus a statvfs table.</summary>
public static class Fixtures
{
    /// <summary>The customer's host: i5-8500, six cores, NVMe with partitions, PSI.</summary>
    public const string NvmeHost = "i5-8500-nvme";

    /// <summary>A small old VM: no PSI, no /proc/1/mounts, diskstats without discard and flush columns.</summary>
    public const string NoPsiHost = "no-psi";

    public static string Root(string host) => Path.Combine(RepositoryRoot(), "tests", "fixtures", host);

    public static HostSources Sources(string host) => new(Path.Combine(Root(host), "proc"), Path.Combine(Root(host), "sys"))
    {
        PageSize = 4096,
        StatFs = StatFsTable(Path.Combine(Root(host), "statfs.tsv")),
    };

    public static string Read(string host, string relative) => File.ReadAllText(Path.Combine(Root(host), relative));

    /// <summary>statvfs answers from the fixture's table; a mount point not in it fails, as a vanished mount would.</summary>
    public static Func<string, FilesystemStats?> StatFsTable(string path)
    {
        var table = new Dictionary<string, FilesystemStats>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(path).Where(l => !l.StartsWith('#') && l.Length > 0))
        {
            var f = line.Split('\t');
            double D(int i) => double.Parse(f[i], CultureInfo.InvariantCulture);
            table[f[0]] = new FilesystemStats(D(1), D(2), D(3), D(4), D(5));
        }

        return mountPoint => table.TryGetValue(mountPoint, out var s) ? s : null;
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Appliance.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Appliance.sln not found above " + AppContext.BaseDirectory);
    }
}
