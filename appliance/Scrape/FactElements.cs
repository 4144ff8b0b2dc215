using AngleSharp.Dom;

namespace Appliance.Scrape;

/// <summary>
/// The elements the facts come from, in document order, collected on the same walk as the visible text: what
/// <c>a[href]</c>, <c>meta[property^='og:']</c>, <c>meta[name='description' i]</c> and <c>h1, h2</c> would select.
/// Four selector queries were four more walks of the whole tree, each parsing its selector first.
/// </summary>
internal sealed class FactElements
{
    public List<(IElement Link, string Href)> Links { get; } = [];

    public List<(string Property, string Content)> OpenGraph { get; } = [];

    public List<IElement> Headings { get; } = [];

    /// <summary>The first description meta's content (null when it has none, as the selector's first match would give).</summary>
    public string? Description { get; private set; }

    private bool _described;

    // The HTML parser lower-cases element and attribute names (SVG's few mixed-case names are none of these),
    // so ordinal comparison is what the case-insensitive type selectors did.
    public void Add(IElement e)
    {
        switch (e.LocalName)
        {
            case "a" when e.GetAttribute("href") is { } href:
                Links.Add((e, href));
                break;
            case "meta":
                if (e.GetAttribute("property") is { } property && property.StartsWith("og:", StringComparison.Ordinal)
                    && e.GetAttribute("content") is { Length: > 0 } content)
                {
                    OpenGraph.Add((property, content));
                }

                if (!_described && e.GetAttribute("name") is { } name && name.Equals("description", StringComparison.OrdinalIgnoreCase))
                {
                    Description = e.GetAttribute("content");
                    _described = true;
                }

                break;
            case "h1" or "h2":
                Headings.Add(e);
                break;
        }
    }
}
