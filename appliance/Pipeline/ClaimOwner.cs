namespace Appliance.Pipeline;

/// <summary>
/// Who holds a claimed row (<c>websites.claimed_by</c>): <c>host:pid</c> for the daemon's jobs, <c>cli:pid</c> for a
/// CLI verb on this host. Recovery hands a claim back only when its holder is certainly gone: a process of this
/// host that no longer runs. Claims by other hosts are theirs to recover.
/// </summary>
public static class ClaimOwner
{
    public static string Current { get; } = $"{Environment.MachineName}:{Environment.ProcessId}";

    /// <summary>True when <paramref name="owner"/> names a process on this host that is not running.</summary>
    public static bool IsGone(string owner, Func<int, bool> isRunning)
    {
        var colon = owner.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(owner.AsSpan(colon + 1), out var pid))
        {
            return false;
        }

        var host = owner[..colon];
        var local = host == "cli" || string.Equals(host, Environment.MachineName, StringComparison.OrdinalIgnoreCase);
        return local && !isRunning(pid);
    }

    /// <summary>Linux: a pid is running while <c>/proc/PID</c> exists (zombies included, which is the safe side).</summary>
    public static bool IsRunning(int pid) => Directory.Exists($"/proc/{pid}");
}
