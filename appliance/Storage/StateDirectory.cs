namespace Appliance.Storage;

/// <summary>
/// Where the appliance keeps its state: the bundled PostgreSQL cluster, uploaded files.
/// systemd's <c>StateDirectory=</c> sets <c>$STATE_DIRECTORY</c>; otherwise the user's
/// XDG state home, and for root (whose home the unprivileged database user cannot enter)
/// <c>/var/lib/appliance</c>.
/// </summary>
public static class StateDirectory
{
    public static string Resolve(Func<string, string?> getEnv, bool isRoot)
    {
        var systemd = getEnv("STATE_DIRECTORY");
        if (!string.IsNullOrWhiteSpace(systemd))
        {
            // systemd passes a colon-separated list when several directories are configured.
            return systemd.Split(':', StringSplitOptions.RemoveEmptyEntries)[0];
        }

        var home = getEnv("HOME");
        if (!isRoot && !string.IsNullOrWhiteSpace(home))
        {
            var stateHome = getEnv("XDG_STATE_HOME");
            return Path.Combine(string.IsNullOrWhiteSpace(stateHome) ? Path.Combine(home, ".local", "state") : stateHome, "appliance");
        }

        return "/var/lib/appliance";
    }

    public static string Resolve() => Resolve(Environment.GetEnvironmentVariable, Environment.UserName == "root");
}
