namespace Appliance.Storage;

/// <summary>The folders inside the state directory.</summary>
public sealed record StatePaths(string Root)
{
    public string Uploads => Path.Combine(Root, "uploads");
}
