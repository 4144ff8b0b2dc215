namespace Appliance.Scrape;

/// <summary>What the extractor found on a page; lists are canonical, unique and sorted.</summary>
public sealed record PageFacts(
    string? Title,
    string? Description,
    string? Language,
    IReadOnlyDictionary<string, string> OpenGraph,
    IReadOnlyList<string> Headings,
    string TextExcerpt,
    IReadOnlyList<string> Emails,
    IReadOnlyList<string> Phones,
    IReadOnlyList<string> SocialLinks,
    string? AboutUrl,
    string? ContactUrl)
{
    /// <summary>Why only part of the page was parsed (its <see cref="ParseBudget"/>), or null when all of it was.</summary>
    public string? Cut { get; init; }
}
