using System.Text;
using System.Text.RegularExpressions;

namespace Appliance.Generate;

/// <summary>
/// A prompt with <c>{{placeholders}}</c> filled from a lead's facts. Parsed once at start-up: an
/// unknown placeholder is a configuration error naming it, not a surprise in the first job. What the website wrote
/// (title, description, headings, excerpt) goes in capped and between <c>&lt;site_text&gt;</c> markers
/// (<see cref="SiteText.Untrusted"/>); <see cref="SystemMessage"/>, sent as the system message, tells the model it is
/// data and never instructions.
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

    /// <summary>The instructions, apart from the data: the system message of every request.</summary>
    public static string SystemMessage { get; } = ReadResource("Generate.system-prompt.txt");

    private static string ReadResource(string name)
    {
        using var stream = typeof(PromptTemplate).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"embedded resource {name} is missing from the build");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Trim();
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
        "title" => SiteText.Untrusted(lead.Title, 200, "(unknown)"),
        "description" => SiteText.Untrusted(lead.Description, 400, "(unknown)"),
        "headings" => lead.Headings.Count == 0 ? "(none)" : SiteText.Untrusted(string.Join("; ", lead.Headings.Take(8).Select(h => h.Length <= 120 ? h : h[..120])), 1000, "(none)"),
        "excerpt" => SiteText.Untrusted(lead.Excerpt, 1200, "(the website could not be read)"),
        "facts_source" => lead.FromSite ? "the company's website" : "the lead file only (the website could not be read)",
        _ => throw new InvalidOperationException(name),
    };

    [GeneratedRegex(@"\{\{([^{}]*)\}\}")]
    private static partial Regex Placeholder();
}
