namespace Appliance.Storage;

/// <summary>The folders inside the state directory.</summary>
public sealed record StatePaths(string Root)
{
    /// <summary>Owner only: uploaded lead files hold personal data.</summary>
    public const UnixFileMode PrivateFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public string Uploads => Path.Combine(Root, "uploads");

    /// <summary>Stored capacity reports, <c>report-run-ID.pdf</c>: where the daily report timer and the web page write them.</summary>
    public string Reports => Path.Combine(Root, "reports");

    /// <summary>The uploads folder, created 0700 (or narrowed to 0700 if an older version made it wider), whatever the umask.</summary>
    public string EnsureUploads()
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(Uploads);
            return Uploads;
        }

        var dir = Directory.CreateDirectory(Uploads, PrivateFolder);
        if (dir.UnixFileMode != PrivateFolder)
        {
            dir.UnixFileMode = PrivateFolder;
        }

        return Uploads;
    }
}
