namespace Appliance.Lab;

/// <summary>
/// What a correct scraper records for one lab site: its final state, reason code and HTTP status,
/// and for a page served as 200 HTML the canonical extracted fields. Title and description are as
/// a browser shows them (entities decoded, whitespace folded to single spaces, trimmed); e-mails
/// lower-cased; phones "+" and digits; social links "https://" + host without "www." + path
/// without query or trailing slash. Lists are unique and sorted ordinally, and hold what the home
/// page ("/") shows, not the about or contact pages.
/// </summary>
public sealed record LabTruth(
    int SiteIndex,
    string Host,
    string ExpectedStatus,
    string? FailureReason,
    int? HttpStatus,
    string? Title,
    string? Description,
    IReadOnlyList<string> Emails,
    IReadOnlyList<string> Phones,
    IReadOnlyList<string> SocialLinks,
    string Fault)
{
    /// <summary>The page layout ("modern", "wordpress", "legacy", "spa", "landing"): for reading a mismatch, not for scoring.</summary>
    public string Layout { get; init; } = "";

    /// <summary>How the home page declares its encoding (see <see cref="LabCharset"/>): for reading a mismatch.</summary>
    public string Charset { get; init; } = "";

    /// <summary>The site's DNS name (<c>www.…-sN.test</c>); the <c>Host</c> is its loopback address.</summary>
    public string Name { get; init; } = "";

    /// <summary>Company name as the site and the leads file spell it.</summary>
    public string Company { get; init; } = "";
}
