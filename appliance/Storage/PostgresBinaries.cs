namespace Appliance.Storage;

/// <summary>Finds <c>initdb</c> and <c>pg_ctl</c>: on PATH first, then the newest <c>/usr/lib/postgresql/*/bin</c>.</summary>
public sealed record PostgresBinaries(string BinDirectory)
{
    public string InitDb => Path.Combine(BinDirectory, "initdb");
    public string PgCtl => Path.Combine(BinDirectory, "pg_ctl");

    public const string InstallHint =
        "PostgreSQL server binaries (initdb, pg_ctl) were not found on PATH or under /usr/lib/postgresql/*/bin. " +
        "Install them with: sudo apt-get install -y postgresql (or set ConnectionStrings:Postgres to use an existing server).";

    public static bool TryFind(string? path, string distroRoot, out PostgresBinaries binaries)
    {
        foreach (var dir in (path ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            if (File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl")))
            {
                // Debian links initdb into /usr/local/bin or ships wrappers; resolve to the real directory.
                var real = new FileInfo(Path.Combine(dir, "pg_ctl")).ResolveLinkTarget(returnFinalTarget: true) is { } target ? Path.GetDirectoryName(target.FullName)! : dir;
                binaries = new PostgresBinaries(File.Exists(Path.Combine(real, "initdb")) ? real : dir);
                return true;
            }
        }

        if (Directory.Exists(distroRoot))
        {
            var newest = Directory.GetDirectories(distroRoot)
                .Select(d => (Dir: Path.Combine(d, "bin"), Version: double.TryParse(Path.GetFileName(d), System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : 0))
                .Where(c => File.Exists(Path.Combine(c.Dir, "initdb")) && File.Exists(Path.Combine(c.Dir, "pg_ctl")))
                .OrderByDescending(c => c.Version)
                .FirstOrDefault();
            if (newest.Dir is not null)
            {
                binaries = new PostgresBinaries(newest.Dir);
                return true;
            }
        }

        binaries = null!;
        return false;
    }

    public static PostgresBinaries Find() =>
        TryFind(Environment.GetEnvironmentVariable("PATH"), "/usr/lib/postgresql", out var b)
            ? b
            : throw new StorageStartException(InstallHint);
}
