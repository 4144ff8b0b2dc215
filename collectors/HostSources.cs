namespace Appliance.Collectors;

/// <summary>
/// Where the collectors read the host from: the procfs and sysfs roots (fixture trees in tests),
/// the page size for RSS, and how to ask a mount point for its filesystem statistics.
/// </summary>
public sealed record HostSources(string ProcRoot = "/proc", string SysRoot = "/sys")
{
    public int PageSize { get; init; } = Environment.SystemPageSize;

    /// <summary>statvfs(3) by default; tests pass a table keyed by mount point.</summary>
    public Func<string, FilesystemStats?> StatFs { get; init; } = StatVfs.Query;

    /// <summary>How long one mount point may take to answer before it is reported as stuck.</summary>
    public TimeSpan StatFsTimeout { get; init; } = TimeSpan.FromSeconds(1);

    public string Proc(string relative) => Path.Combine(ProcRoot, relative);

    public string Sys(string relative) => Path.Combine(SysRoot, relative);
}
