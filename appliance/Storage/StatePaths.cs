namespace Appliance.Storage;

/// <summary>The folders inside the state directory.</summary>
public sealed record StatePaths(string Root)
{
    public string Uploads => Path.Combine(Root, "uploads");

    /// <summary>Stored capacity reports, <c>report-run-ID.pdf</c>: where the daily report timer and the web page write them.</summary>
    public string Reports => Path.Combine(Root, "reports");
}
