namespace Appliance.Lab;

/// <summary>
/// A link to the company on a social network: the href as the page writes it (www or not,
/// trailing slash, tracking query) and the canonical form the truth holds.
/// </summary>
internal sealed record LabSocial(string Canonical, string Href, string Label)
{
    /// <summary>The company's profiles; each network appears on a share of sites as on the real web.</summary>
    public static List<LabSocial> Create(LabRandom random, string handle, string dashedHandle)
    {
        var links = new List<LabSocial>();
        if (random.Chance(0.6))
        {
            links.Add(Make(random, "facebook.com", "/" + handle, "Facebook", ["https://www.{0}{1}/", "https://{0}{1}", "http://www.{0}{1}?ref=footer"]));
        }

        if (random.Chance(0.55))
        {
            links.Add(Make(random, "linkedin.com", "/company/" + dashedHandle, "LinkedIn", ["https://www.{0}{1}/", "https://{0}{1}", "https://www.{0}{1}?trk=public_profile"]));
        }

        if (random.Chance(0.45))
        {
            var host = random.Chance(0.5) ? "x.com" : "twitter.com";
            links.Add(Make(random, host, "/" + handle, host == "x.com" ? "X" : "Twitter", ["https://{0}{1}", "https://www.{0}{1}?lang=en", "http://{0}{1}/"]));
        }

        if (random.Chance(0.45))
        {
            links.Add(Make(random, "instagram.com", "/" + handle, "Instagram", ["https://www.{0}{1}/", "https://{0}{1}?igshid=ZDdkNTZiNTM"]));
        }

        if (random.Chance(0.25))
        {
            // Handles only: channel ids are mixed-case, and whether a scraper may lower-case a
            // path is not what the lab should test.
            links.Add(Make(random, "youtube.com", "/@" + handle, "YouTube", ["https://www.{0}{1}", "https://{0}{1}/"]));
        }

        return links;
    }

    private static LabSocial Make(LabRandom random, string host, string path, string label, string[] forms) =>
        new("https://" + host + path, string.Format(System.Globalization.CultureInfo.InvariantCulture, random.Pick(forms), host, path), label);
}
