namespace Appliance.Lab;

/// <summary>One response of the lab web as bytes: what the server sends and what a benchmark can parse offline.</summary>
public sealed record LabDocument(int Status, string ContentType, byte[] Body)
{
    public string? Location { get; init; }

    public string? ContentEncoding { get; init; }
}
