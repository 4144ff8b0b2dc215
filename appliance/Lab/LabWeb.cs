namespace Appliance.Lab;

/// <summary>
/// The lab web as pure functions of (seed, site index, options): what a correct scraper should
/// record for a site, and the bytes of its pages. The server and the leads writer call these; so
/// can tests and benchmarks, without a socket.
/// </summary>
public static class LabWeb
{
    public static LabTruth Truth(int seed, int siteIndex, LabOptions options)
    {
        var site = LabSite.Create(seed, siteIndex, options);
        var (status, reason, httpStatus) = LabFault.Outcome(site.Fault);
        var healthy = status == "done";
        return new LabTruth(
            siteIndex,
            site.Host,
            status,
            reason,
            httpStatus,
            healthy ? LabPoisonPages.Title(site) : null,
            healthy ? LabPoisonPages.Description(site) : null,
            healthy ? site.Contacts.CanonicalEmails() : [],
            healthy ? site.Contacts.CanonicalPhones() : [],
            healthy ? site.Contacts.CanonicalSocialLinks() : [],
            site.Fault)
        {
            Layout = site.LayoutName,
            Charset = site.Charset.Name(),
            Company = site.Company.Name,
        };
    }

    /// <summary>
    /// A page of the site as it would be served were the site healthy ("/", "/about", "/contact";
    /// anything else is the 404 page). The home page of a huge-page site is its full 5 MB.
    /// </summary>
    public static LabDocument Page(int seed, int siteIndex, string path, LabOptions options) =>
        LabPages.Render(seed, LabSite.Create(seed, siteIndex, options), path);

    /// <summary>The company behind a site, as the leads file names it.</summary>
    public static string CompanyName(int seed, int siteIndex) => LabCompany.Create(seed, siteIndex).Name;
}
