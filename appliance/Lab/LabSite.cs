namespace Appliance.Lab;

internal enum LabLayout { Modern, WordPress, Legacy, Spa, Landing }

/// <summary>How a site's name resolves when healthy: one A record, a CNAME chain to it, or several A records.</summary>
internal enum LabDnsShape { Single, CnameChain, SeveralA }

/// <summary>
/// Everything that decides what a lab site serves and what its truth is, derived from
/// (seed, index) alone. The page writers add only markup noise on top, from their own random
/// stream, so the truth never depends on how a page happens to be written.
/// </summary>
internal sealed record LabSite(
    int Index,
    string Host,
    string Fault,
    LabCompany Company,
    LabLayout Layout,
    LabCharset Charset,
    int TargetBytes,
    bool Malformed,
    string Title,
    string? Description,
    LabContacts Contacts,
    int RedirectHops,
    int RobotsVariant)
{
    public const int HugePageBytes = 5 * 1024 * 1024;

    /// <summary>The site's DNS name (<see cref="LabNames"/>).</summary>
    public string Name { get; init; } = "";

    /// <summary>A DNS or TLS fault (<see cref="LabNetFault"/>), met only over HTTPS by name.</summary>
    public string NetFault { get; init; } = LabNetFault.None;

    public LabDnsShape DnsShape { get; init; }

    public static LabSite Create(int seed, int index, LabOptions options)
    {
        var fault = LabFault.Pick(new LabRandom(seed, index, LabRandom.Stream.Fault).NextDouble(), options);
        var company = LabCompany.Create(seed, index);
        var random = new LabRandom(seed, index, LabRandom.Stream.Site);
        var layout = random.NextDouble() switch
        {
            < 0.40 => LabLayout.Modern,
            < 0.65 => LabLayout.WordPress,
            < 0.80 => LabLayout.Legacy,
            < 0.94 => LabLayout.Spa,
            _ => LabLayout.Landing,
        };
        var charset = PickCharset(random, company, layout);
        var target = layout switch
        {
            LabLayout.Modern => random.LogNormal(24_000, 0.6, 6_000, 150_000),
            LabLayout.WordPress => random.LogNormal(45_000, 0.5, 20_000, 250_000),
            LabLayout.Legacy => random.LogNormal(8_000, 0.6, 3_000, 40_000),
            LabLayout.Spa => random.LogNormal(10_000, 0.8, 3_000, 80_000),
            _ => random.Next(80_000, 290_000),
        };
        if (fault == LabFault.HugePage)
        {
            // Everything the truth holds must sit in the first 50 KB of a page the scraper cuts at 2 MB.
            (layout, charset, target) = (LabLayout.Modern, LabCharset.Utf8Header, Math.Min(target, 24_000));
        }

        var title = LabHtml.Fold(MakeTitle(random, company, charset.IsWindows1252()));
        var hasDescription = layout == LabLayout.Spa || random.Chance(layout == LabLayout.Legacy ? 0.5 : 0.92);
        var description = hasDescription ? LabHtml.Fold(MakeDescription(random, company)) : null;
        var contacts = LabContacts.Create(random, company);
        var net = new LabRandom(seed, index, LabRandom.Stream.Net);
        var netFault = LabNetFault.Pick(net.NextDouble(), options);
        var shape = net.NextDouble() is var d && d < options.CnameRate ? LabDnsShape.CnameChain
            : d < options.CnameRate + options.SeveralARate ? LabDnsShape.SeveralA : LabDnsShape.Single;
        return new LabSite(
            index,
            LabAddresses.HostForSite(index),
            fault,
            company,
            layout,
            charset,
            target,
            random.Chance(layout == LabLayout.Legacy ? 0.5 : 0.1),
            title,
            description,
            // A single-page app renders its contact details in JavaScript: a scraper that does
            // not run scripts finds none, so the shell shows none and the truth holds none.
            layout == LabLayout.Spa ? LabContacts.None : contacts,
            2 + random.Next(2),
            random.Next(5))
        {
            Name = LabNames.ForDomain(company.Domain, index),
            NetFault = netFault,
            DnsShape = shape,
        };
    }

    public string LayoutName => Layout.ToString().ToLowerInvariant();

    private static LabCharset PickCharset(LabRandom random, LabCompany company, LabLayout layout)
    {
        // Windows-1252 where it still lives: older German and French sites.
        if (company.Country.Code is "DE" or "FR" && random.Chance(layout == LabLayout.Legacy ? 0.7 : 0.3))
        {
            return random.Chance(0.5) ? LabCharset.Win1252Header : LabCharset.Win1252Meta;
        }

        return random.NextDouble() switch
        {
            < 0.35 => LabCharset.Utf8Header,
            < 0.60 => LabCharset.Utf8Meta,
            < 0.70 => LabCharset.Utf8HttpEquiv,
            < 0.78 => LabCharset.Utf8Bom,
            < 0.85 => LabCharset.Utf8BomMetaWrong,
            _ => LabCharset.Utf8HeaderMetaWrong,
        };
    }

    private static string MakeTitle(LabRandom random, LabCompany company, bool windows1252)
    {
        var tagline = random.Pick(company.Country.Taglines)
            .Replace("{kind}", company.Industry.Kind, StringComparison.Ordinal)
            .Replace("{city}", company.City, StringComparison.Ordinal);
        if (windows1252)
        {
            // The German and French taglines all carry é, ü or à: the point of a 1252 page.
            return $"{company.Name} – {tagline}";
        }

        return random.Next(7) switch
        {
            0 => $"{company.Name} | {tagline}",
            1 => $"Home - {company.Name}",
            2 => $"{company.Name} – {tagline}",
            3 => $"Welcome to {company.Name}",
            4 => $"{tagline} | {company.Name}",
            5 => $"{company.Name} – {company.City}’s {company.Industry.Kind.ToLowerInvariant()} team",
            _ => company.Name,
        };
    }

    private static string MakeDescription(LabRandom random, LabCompany company)
    {
        var services = company.Industry.Services;
        var first = random.Next(services.Length);
        var adjective = random.Pick(LabVocabulary.Adjectives);
        return $"{company.Name} is {(adjective[0] is 'a' or 'e' or 'i' or 'o' or 'u' ? "an" : "a")} {adjective} {company.Industry.Kind.ToLowerInvariant()} company in {company.City}, "
            + $"founded in {company.FoundedText}. We offer {services[first]}, {services[(first + 1) % services.Length]} "
            + $"and {services[(first + 2) % services.Length]} for {random.Pick(LabVocabulary.Audiences)}.";
    }
}
