using System.Text;

namespace Appliance.Lab;

/// <summary>
/// Writes a deterministic leads CSV (the same seed gives the same bytes) whose websites are lab
/// sites, <c>https://www.name-sN.test:httpsPort/</c> (or <c>http://127.x.y.z:port/</c> when no HTTPS port is
/// given): eight columns as customers' exports have them, a realistic few per cent of rows repeating an
/// earlier row's website (<paramref name="duplicateShare"/>; or, with <c>sites</c>, rows drawn uniformly from
/// that many sites), the company named as its site names it, and about one row in two hundred broken the
/// ways real files are (no website, "n/a", a missing column), unless <c>withBadRows</c> is false (a file
/// that <c>psql \copy</c> accepts, for benchmarks).
/// </summary>
public static class LeadFileGenerator
{
    public const string Header = "website,company,first_name,last_name,email,job_title,phone,industry";

    /// <param name="sites">Distinct sites the rows draw from uniformly; 0: each row a new site, or with <paramref name="duplicateShare"/> an earlier row's.</param>
    /// <param name="firstSite">The lowest site index used: files with disjoint site ranges share no URL (and so no cache hit).</param>
    /// <param name="httpsPort">The lab's HTTPS port: rows name sites over HTTPS and DNS; null: plain HTTP to their addresses on <paramref name="port"/>.</param>
    /// <param name="labSeed">The lab web's seed (<c>Lab:Seed</c>), which decides each site's company: a file written with another
    /// seed (its rows, names, broken lines) still names the company of the site each row points at.</param>
    public static void Write(TextWriter writer, int rows, int seed = 42, IProgress<double>? progress = null, bool withBadRows = true, int port = LabOptions.DefaultPort, int sites = 0, int firstSite = 0, int labSeed = 42,
        int? httpsPort = null, double duplicateShare = 0.05)
    {
        var random = new Random(seed);
        var uniform = sites > 0;
        sites = uniform ? Math.Min(sites, LabAddresses.MaxSites) : Math.Clamp(rows, 1, LabAddresses.MaxSites);
        firstSite = Math.Clamp(firstSite, 0, LabAddresses.MaxSites - sites);
        var distinct = 0;
        writer.Write(Header);
        writer.Write('\n');
        var line = new StringBuilder(256);
        for (var i = 0; i < rows; i++)
        {
            var site = firstSite + (uniform ? random.Next(sites)
                : distinct > 0 && (random.NextDouble() < duplicateShare || distinct >= sites) ? random.Next(distinct) : distinct++);
            var company = LabCompany.Create(labSeed, site);
            var first = LabVocabulary.FirstNames[random.Next(LabVocabulary.FirstNames.Length)];
            var last = LabVocabulary.Surnames[random.Next(LabVocabulary.Surnames.Length)];

            // Both spellings of the same home page: the scraper must treat them as one URL.
            var home = LabWeb.HomeUrl(labSeed, site, plainHttp: httpsPort is null, port, httpsPort ?? 0);
            var website = random.Next(3) == 0 ? home[..^1] : home;
            var broken = withBadRows ? random.Next(200) : -1;
            website = broken switch { 0 => "", 1 => "n/a", _ => website };

            line.Clear()
                .Append(website).Append(',')
                .Append(Quote(company.Name)).Append(',')
                .Append(first).Append(',')
                .Append(Quote(last)).Append(',')
                .Append(LabCompany.Slug(first, "")).Append('.').Append(LabCompany.Slug(last, "")).Append('@').Append(company.Domain).Append(',')
                .Append(LabVocabulary.JobTitles[random.Next(LabVocabulary.JobTitles.Length)]).Append(',')
                .Append(company.MainPhone.Format(random.Next(4)));
            if (broken != 2)
            {
                line.Append(',').Append(Quote(company.Industry.Name));
            }

            writer.Write(line);
            writer.Write('\n');
            if (progress is not null && i % 65_536 == 0)
            {
                progress.Report((double)i / rows);
            }
        }
    }

    /// <summary>The site a leads row points at, from its website column; false for a broken row.</summary>
    public static bool TryGetSiteIndex(string website, out int index)
    {
        index = -1;
        return Uri.TryCreate(website, UriKind.Absolute, out var uri)
            && (LabAddresses.TryGetSiteIndex(uri.Host, out index) || LabNames.TryParse(uri.Host, seed: null, out index, out _));
    }

    private static string Quote(string s) => s.Contains(',') || s.Contains('"') ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;
}
