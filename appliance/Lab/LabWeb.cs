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
        // Reached by name over HTTPS, a DNS or TLS fault comes first: no HTTP happens at all.
        var fault = !options.PlainHttp && site.NetFault != LabNetFault.None ? site.NetFault : site.Fault;
        var (status, reason, httpStatus) = fault == site.Fault ? LabFault.Outcome(fault) : LabNetFault.Outcome(fault);
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
            fault)
        {
            Name = site.Name,
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

    /// <summary>The home page URL a lead file gives for a site: <c>https://name:httpsPort/</c>, or <c>http://127.x.y.z:port/</c> with <c>Lab:PlainHttp</c>.</summary>
    public static string HomeUrl(int seed, int siteIndex, bool plainHttp, int port, int httpsPort) => plainHttp
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"http://{LabAddresses.HostForSite(siteIndex)}:{port}/")
        : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"https://{LabNames.ForSite(seed, siteIndex)}:{httpsPort}/");

    /// <summary>
    /// What a scraper needs to reach a lab: loopback allowed (the lab's sites live on 127/8), the lab's DNS server
    /// and its CA as an extra root. <c>RunSession</c>, tests and benchmarks apply these; nothing turns validation off.
    /// </summary>
    /// <param name="ports">The lab's HTTP and HTTPS ports: loopback at those ports is all the scraper may reach besides the public web.</param>
    public static IReadOnlyDictionary<string, string?> ScrapeSettings(string dnsServer, string caCertificateFile, params int[] ports)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Scrape:DnsServers:0"] = dnsServer,
            ["Scrape:ExtraRootCertificatesFile"] = caCertificateFile,
        };
        for (var i = 0; i < ports.Length; i++)
        {
            settings[$"Scrape:AllowedNetworks:{i}"] = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"127.0.0.0/8:{ports[i]}");
        }

        return settings;
    }
}
