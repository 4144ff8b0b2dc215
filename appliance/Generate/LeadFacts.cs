namespace Appliance.Generate;

/// <summary>
/// What is known about one lead when its message is written: the file's columns, and the site's
/// facts when the scrape succeeded (<see cref="FromSite"/>); otherwise the message rests on the file alone.
/// </summary>
public sealed record LeadFacts(
    long WebsiteId,
    string? Company,
    string? Contact,
    string? JobTitle,
    string? Industry,
    string Url,
    string Host,
    bool FromSite,
    string? Title,
    string? Description,
    IReadOnlyList<string> Headings,
    string? Excerpt)
{
    public string? FirstName => Contact?.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
}
