using System.Text;
using System.Text.RegularExpressions;
using Appliance.Storage;

namespace Appliance.Generate;

/// <summary>
/// A prompt with <c>{{placeholders}}</c> filled from a lead's facts. Parsed once at start-up: an
/// unknown placeholder is a configuration error naming it, not a surprise in the first job.
/// </summary>
public sealed partial class PromptTemplate
{
    public static readonly IReadOnlyList<string> Placeholders =
        ["company", "contact", "first_name", "job_title", "industry", "url", "host", "title", "description", "headings", "excerpt", "facts_source"];

    private readonly List<(string Text, string? Placeholder)> _parts = [];

    public PromptTemplate(string text)
    {
        var at = 0;
        foreach (Match m in Placeholder().Matches(text))
        {
            var name = m.Groups[1].Value.Trim();
            if (!Placeholders.Contains(name))
            {
                throw new InvalidOperationException($"the prompt template uses an unknown placeholder {{{{{name}}}}}; known: {string.Join(", ", Placeholders)}");
            }

            _parts.Add((text[at..m.Index], name));
            at = m.Index + m.Length;
        }

        _parts.Add((text[at..], null));
    }

    public static PromptTemplate Default()
    {
        using var stream = typeof(PromptTemplate).Assembly.GetManifestResourceStream("Generate.default-prompt.txt")!;
        using var reader = new StreamReader(stream);
        return new PromptTemplate(reader.ReadToEnd());
    }

    public static PromptTemplate Load(string? file) => file is null ? Default() : new PromptTemplate(File.ReadAllText(file));

    public string Render(LeadFacts lead)
    {
        var sb = new StringBuilder(1024);
        foreach (var (text, placeholder) in _parts)
        {
            sb.Append(text);
            if (placeholder is not null)
            {
                sb.Append(Value(lead, placeholder));
            }
        }

        return sb.ToString();
    }

    private static string Value(LeadFacts lead, string name) => name switch
    {
        "company" => lead.Company ?? lead.Host,
        "contact" => lead.Contact ?? "",
        "first_name" => lead.FirstName ?? "",
        "job_title" => lead.JobTitle ?? "",
        "industry" => lead.Industry ?? "",
        "url" => lead.Url,
        "host" => lead.Host,
        "title" => lead.Title ?? "(unknown)",
        "description" => lead.Description ?? "(unknown)",
        "headings" => lead.Headings.Count == 0 ? "(none)" : string.Join("; ", lead.Headings.Take(8)),
        "excerpt" => lead.Excerpt is null ? "(the website could not be read)" : StoredText.Truncate(lead.Excerpt, 1200),
        "facts_source" => lead.FromSite ? "the company's website" : "the lead file only (the website could not be read)",
        _ => throw new InvalidOperationException(name),
    };

    [GeneratedRegex(@"\{\{([^{}]*)\}\}")]
    private static partial Regex Placeholder();
}
