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

    /// <summary>The lead's own e-mail addresses (the file's and the site's): a message may name these (<see cref="MessageGuard"/>).</summary>
    public IReadOnlyList<string> Emails { get; init; } = [];

    /// <summary>The lead's own phone numbers: a message may name these.</summary>
    public IReadOnlyList<string> Phones { get; init; } = [];

    /// <summary>Why a message written for this lead must be held for review, or null (<see cref="MessageGuard"/>).</summary>
    public string? HoldReason(string body) => MessageGuard.HoldReason(body, Url, Emails, Phones);
}
