using System.Globalization;
using Appliance.Collectors;

namespace Appliance.Tests.Telemetry;

/// <summary>The fixture hosts under <c>tests/fixtures/</c> (shared with Collectors.Tests), as collector sources.</summary>
public static class FixtureHosts
{
    public const string NvmeHost = "i5-8500-nvme";

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

    public static HostSources Sources(string host)
    {
        var root = Path.Combine(RepositoryRoot(), "tests", "fixtures", host);
        var table = File.ReadLines(Path.Combine(root, "statfs.tsv"))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('\t'))
            .ToDictionary(f => f[0], f => new FilesystemStats(D(f[1]), D(f[2]), D(f[3]), D(f[4]), D(f[5])));
        return new HostSources(Path.Combine(root, "proc"), Path.Combine(root, "sys"))
        {
            PageSize = 4096,
            StatFs = mountPoint => table.TryGetValue(mountPoint, out var s) ? s : null,
        };
    }

    private static double D(string s) => double.Parse(s, CultureInfo.InvariantCulture);
}
