using Appliance.Storage;

namespace Appliance.Ingest;

/// <summary>The lead fields the appliance understands.</summary>
public enum LeadField { Url, Company, Contact, FirstName, LastName, Email, JobTitle, Phone, Industry }

/// <summary>
/// Which column of a file holds which lead field, found from the header by flexible names
/// ("Website", "company_name", "E-mail"…) or named explicitly in configuration
/// (<c>Ingest:Columns:Url = "Web address"</c>). Columns that map to no field are kept as extras.
/// When a header repeats, the first column with that name wins and the others become extras.
/// </summary>
public sealed class LeadColumns
{
    private static readonly Dictionary<LeadField, string[]> Synonyms = new()
    {
        [LeadField.Url] = ["website", "url", "domain", "site", "websiteurl", "web", "homepage", "companywebsite", "companyurl", "companydomain", "webaddress"],
        [LeadField.Company] = ["company", "companyname", "name", "organization", "organisation", "business", "businessname", "account", "accountname"],
        [LeadField.Contact] = ["contact", "contactname", "fullname", "person", "contactperson"],
        [LeadField.FirstName] = ["firstname", "first", "givenname", "forename"],
        [LeadField.LastName] = ["lastname", "last", "surname", "familyname"],
        [LeadField.Email] = ["email", "emailaddress", "mail", "contactemail", "workemail"],
        [LeadField.JobTitle] = ["jobtitle", "title", "position", "role"],
        [LeadField.Phone] = ["phone", "phonenumber", "telephone", "tel", "mobile"],
        [LeadField.Industry] = ["industry", "sector", "vertical"],
    };

    private readonly int[] _index;

    private LeadColumns(int[] index, IReadOnlyList<(int Index, string Name)> extras, int count)
    {
        _index = index;
        Extras = extras;
        HeaderCount = count;
    }

    /// <summary>The column holding <paramref name="field"/>, or -1.</summary>
    public int this[LeadField field] => _index[(int)field];

    public IReadOnlyList<(int Index, string Name)> Extras { get; }

    public int HeaderCount { get; }

    public static LeadColumns Map(IReadOnlyList<string> header, IReadOnlyDictionary<string, string>? overrides = null)
    {
        var keys = header.Select(h => Key(FieldText.Clean(h) ?? "")).ToArray();
        var index = Enumerable.Repeat(-1, Enum.GetValues<LeadField>().Length).ToArray();
        foreach (var field in Enum.GetValues<LeadField>())
        {
            if (overrides is not null && overrides.TryGetValue(field.ToString(), out var named) && !string.IsNullOrWhiteSpace(named))
            {
                var at = Array.IndexOf(keys, Key(named));
                index[(int)field] = at >= 0
                    ? at
                    : throw new LeadFileException($"the column '{named}' configured for {field} (Ingest:Columns:{field}) is not in the header: {Describe(header)}");
                continue;
            }

            // Synonyms in order of preference: "website" beats "domain" when both are present.
            foreach (var synonym in Synonyms[field])
            {
                var at = Array.IndexOf(keys, synonym);
                if (at >= 0 && !index.Contains(at))
                {
                    index[(int)field] = at;
                    break;
                }
            }
        }

        if (index[(int)LeadField.Url] < 0)
        {
            throw new LeadFileException(
                $"no URL column: expected a header named website, url, domain or site (or set Ingest:Columns:Url); the header was: {Describe(header)}");
        }

        var extras = Enumerable.Range(0, header.Count)
            .Where(i => !index.Contains(i) && keys[i].Length > 0)
            .Select(i => (i, FieldText.Clean(header[i])!))
            .ToList();
        return new LeadColumns(index, extras, header.Count);
    }

    private static string Key(string name) => new(name.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());

    private static string Describe(IReadOnlyList<string> header) =>
        FieldText.Excerpt(header.Select(h => StoredText.Truncate(h, 40)), ',', 300);
}
