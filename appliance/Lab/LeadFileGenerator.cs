using System.Globalization;
using System.Text;

namespace Appliance.Lab;

/// <summary>
/// Writes a deterministic leads CSV (the same seed gives the same bytes): eight columns as
/// customers' exports have them, several leads per company domain, and about one row in two
/// hundred broken the ways real files are (no website, "n/a", a missing column), unless
/// <c>withBadRows</c> is false (a file that <c>psql \copy</c> accepts, for benchmarks).
/// </summary>
public static class LeadFileGenerator
{
    public const string Header = "website,company,first_name,last_name,email,job_title,phone,industry";

    private static readonly string[] Prefixes = ["North", "Blue", "Silver", "Bright", "Green", "Red", "Iron", "Clear", "Swift", "Oak", "Pine", "Stone", "Summit", "Harbor", "River"];
    private static readonly string[] Cores = ["wind", "field", "peak", "line", "bridge", "gate", "works", "point", "stone", "light", "wave", "path"];
    private static readonly string[] Kinds = ["Logistics", "Dental", "Software", "Bakery", "Consulting", "Roofing", "Legal", "Marketing", "Fitness", "Plumbing", "Analytics", "Design"];
    private static readonly string[] FirstNames = ["Anna", "Ben", "Chloe", "David", "Elena", "Farid", "Grace", "Hugo", "Ines", "Jonas", "Keiko", "Liam", "Maya", "Noah", "Olga", "Pedro"];
    private static readonly string[] LastNames = ["Smith", "Müller", "Garcia", "Nowak", "Rossi", "Dubois", "Johansson", "Okafor", "Tanaka", "Silva", "Kowalski", "Brown"];
    private static readonly string[] Titles = ["CEO", "Founder", "Head of Sales", "Marketing Manager", "Operations Director", "Owner", "CTO", "Office Manager"];
    private static readonly string[] Industries = ["Transportation", "Healthcare", "Technology", "Food & Beverage", "Professional Services", "Construction", "Legal", "Media", "Sports", "Trades"];

    public static void Write(TextWriter writer, int rows, int seed = 42, IProgress<double>? progress = null, bool withBadRows = true)
    {
        var random = new Random(seed);
        var domains = Math.Max(1, rows * 3 / 4); // about one lead in four shares its domain with another
        writer.Write(Header);
        writer.Write('\n');
        var line = new StringBuilder(256);
        for (var i = 0; i < rows; i++)
        {
            var company = random.Next(domains);
            var name = CompanyName(company);
            var slug = name.ToLowerInvariant().Replace(' ', '-');
            var first = FirstNames[random.Next(FirstNames.Length)];
            var last = LastNames[random.Next(LastNames.Length)];
            var website = (random.Next(4)) switch
            {
                0 => $"https://www.{slug}.test/",
                1 => $"{slug}.test",
                2 => $"http://{slug}.test/about",
                _ => $"www.{slug}.test",
            };
            var broken = withBadRows ? random.Next(200) : -1;
            if (broken == 0)
            {
                website = "";
            }
            else if (broken == 1)
            {
                website = "n/a";
            }

            line.Clear()
                .Append(website).Append(',')
                .Append(Quote(name)).Append(',')
                .Append(first).Append(',')
                .Append(last).Append(',')
                .Append(first.ToLowerInvariant()).Append('.').Append(Ascii(last).ToLowerInvariant()).Append('@').Append(slug).Append(".test,")
                .Append(Titles[random.Next(Titles.Length)]).Append(',')
                .Append("+1 555 ").Append(random.Next(100, 999).ToString(CultureInfo.InvariantCulture)).Append(' ').Append(random.Next(1000, 9999).ToString(CultureInfo.InvariantCulture));
            if (broken != 2)
            {
                line.Append(',').Append(Quote(Industries[company % Industries.Length]));
            }

            writer.Write(line);
            writer.Write('\n');
            if (progress is not null && i % 65_536 == 0)
            {
                progress.Report((double)i / rows);
            }
        }
    }

    public static string CompanyName(int index) =>
        $"{Prefixes[index % Prefixes.Length]}{Cores[index / Prefixes.Length % Cores.Length]} {Kinds[index / (Prefixes.Length * Cores.Length) % Kinds.Length]} {index.ToString(CultureInfo.InvariantCulture)}";

    private static string Quote(string s) => s.Contains(',') || s.Contains('"') ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;

    private static string Ascii(string s) => s.Replace("ü", "ue", StringComparison.Ordinal);
}
