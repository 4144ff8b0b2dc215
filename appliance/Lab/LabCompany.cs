using System.Globalization;
using System.Text;

namespace Appliance.Lab;

/// <summary>
/// Who a lab site belongs to: the part of a site the leads file needs too, so it is cheap to
/// derive (no page is rendered) and both see the same company for the same (seed, index).
/// </summary>
internal sealed record LabCompany(
    string Name,
    string Domain,
    LabVocabulary.Industry Industry,
    LabVocabulary.Country Country,
    string City,
    string Street,
    int Founded,
    LabPhone MainPhone)
{
    public static LabCompany Create(int seed, int index)
    {
        var random = new LabRandom(seed, index, LabRandom.Stream.Identity);
        var accented = random.Chance(0.12); // letters beyond ASCII (é, ü) in the name
        var country = PickCountry(random.NextDouble());
        var industry = random.Pick(LabVocabulary.Industries);
        var surname = accented ? random.Pick(LabVocabulary.AccentedSurnames) : random.Pick(LabVocabulary.Surnames);
        var pattern = accented ? 1 + random.Next(2) : random.Next(4);
        var stem = pattern switch
        {
            0 => random.Pick(LabVocabulary.Prefixes) + random.Pick(LabVocabulary.Cores) + " " + industry.Kind,
            1 => surname + " & " + random.Pick(LabVocabulary.Surnames) + " " + industry.Kind,
            2 => surname + " " + industry.Kind,
            _ => random.Pick(LabVocabulary.Prefixes) + " " + industry.Kind + " " + random.Pick(["Group", "Studio", "Co."]),
        };
        var suffix = random.Pick(country.Suffixes);
        var slug = Slug(stem, random.Chance(0.5) ? "-" : "");
        var tld = industry.Kind is "Software" or "Analytics" && random.Chance(0.3) ? "io" : random.Chance(0.25) ? "com" : country.Tld;
        return new LabCompany(
            stem + suffix,
            slug + "." + tld,
            industry,
            country,
            random.Pick(country.Cities),
            random.Pick(country.Streets),
            random.Next(1952, 2021),
            LabPhone.Create(random, country.Code));
    }

    public string FoundedText => Founded.ToString(CultureInfo.InvariantCulture);

    /// <summary>The domain label: ASCII letters and digits, words joined by <paramref name="joiner"/>.</summary>
    public static string Slug(string name, string joiner)
    {
        var folded = new StringBuilder(name.Length + 8);
        foreach (var c in name.Replace("&", " and ", StringComparison.Ordinal).ToLowerInvariant())
        {
            folded.Append(c switch
            {
                'ä' => "ae",
                'ö' => "oe",
                'ü' => "ue",
                'ø' => "o",
                'é' or 'è' or 'ê' => "e",
                'á' => "a",
                'ó' => "o",
                'ú' => "u",
                'ñ' => "n",
                'ç' => "c",
                ' ' or '-' => " ",
                _ when c is >= 'a' and <= 'z' or >= '0' and <= '9' => c.ToString(),
                _ => "",
            });
        }

        return string.Join(joiner, folded.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    private static LabVocabulary.Country PickCountry(double draw) => draw switch
    {
        < 0.45 => LabVocabulary.Countries[0],
        < 0.50 => LabVocabulary.Countries[1],
        < 0.70 => LabVocabulary.Countries[2],
        < 0.82 => LabVocabulary.Countries[3],
        < 0.92 => LabVocabulary.Countries[4],
        _ => LabVocabulary.Countries[5],
    };
}
