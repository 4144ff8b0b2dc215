using System.Globalization;
using System.Text;

namespace Appliance.Lab;

/// <summary>
/// Writes a deterministic leads CSV (the same seed gives the same bytes) whose websites are lab
/// sites, <c>http://127.x.y.z:port/</c>: eight columns as customers' exports have them, several
/// leads per site (by default rows × 3/4 sites, so about one lead in four shares its site), the
/// company named as its site names it, and about one row in two hundred broken the ways real
/// files are (no website, "n/a", a missing column), unless <c>withBadRows</c> is false (a file
/// that <c>psql \copy</c> accepts, for benchmarks).
/// </summary>
public static class LeadFileGenerator
{
    public const string Header = "website,company,first_name,last_name,email,job_title,phone,industry";

    /// <param name="sites">Distinct sites the rows point at; 0 for rows × 3/4.</param>
    /// <param name="firstSite">The lowest site index used: files with disjoint site ranges share no URL (and so no cache hit).</param>
    /// <param name="labSeed">The lab web's seed (<c>Lab:Seed</c>), which decides each site's company: a file written with another
    /// seed (its rows, names, broken lines) still names the company of the site each row points at.</param>
    public static void Write(TextWriter writer, int rows, int seed = 42, IProgress<double>? progress = null, bool withBadRows = true, int port = LabOptions.DefaultPort, int sites = 0, int firstSite = 0, int labSeed = 42)
    {
        var random = new Random(seed);
        sites = sites > 0 ? Math.Min(sites, LabAddresses.MaxSites) : Math.Clamp(rows * 3 / 4, 1, LabAddresses.MaxSites);
        firstSite = Math.Clamp(firstSite, 0, LabAddresses.MaxSites - sites);
        var portText = port.ToString(CultureInfo.InvariantCulture);
        writer.Write(Header);
        writer.Write('\n');
        var line = new StringBuilder(256);
        for (var i = 0; i < rows; i++)
        {
            var site = firstSite + random.Next(sites);
            var company = LabCompany.Create(labSeed, site);
            var first = LabVocabulary.FirstNames[random.Next(LabVocabulary.FirstNames.Length)];
            var last = LabVocabulary.Surnames[random.Next(LabVocabulary.Surnames.Length)];

            // Both spellings of the same home page: the scraper must treat them as one URL.
            var website = "http://" + LabAddresses.HostForSite(site) + ":" + portText + (random.Next(3) == 0 ? "" : "/");
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
        return Uri.TryCreate(website, UriKind.Absolute, out var uri) && LabAddresses.TryGetSiteIndex(uri.Host, out index);
    }

    private static string Quote(string s) => s.Contains(',') || s.Contains('"') ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;
}
