using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Appliance.Scrape;

/// <summary>
/// Pulls the facts a message needs out of an HTML page with AngleSharp: title, description, Open
/// Graph tags, headings, a clean excerpt of the visible text, e-mails, phones, social links,
/// language, about and contact links. A pure function of the HTML and its URL.
/// </summary>
/// <remarks>
/// The visible text is collected by walking text nodes, skipping script, style and template, and
/// separating block elements: <c>Body.TextContent</c> glues blocks together, which turns
/// "info@acme.com" followed by a paragraph into a wrong address.
/// </remarks>
public sealed class PageExtractor
{
    public const int ExcerptLength = 2000;

    private static readonly HashSet<string> Skipped = ["script", "style", "noscript", "template", "svg", "head"];

    private static readonly HashSet<string> Blocks =
    [
        "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "header", "footer",
        "nav", "main", "aside", "table", "tr", "td", "th", "address", "blockquote", "pre", "form", "dd", "dt", "figcaption", "hr",
    ];

    // HtmlParser is not thread-safe; one per thread keeps parsing parallel without locks.
    [ThreadStatic]
    private static HtmlParser? _parser;

    public PageFacts Extract(string html, Uri url)
    {
        var document = (_parser ??= new HtmlParser()).ParseDocument(html);
        var text = VisibleText(document.Body);
        var emails = new SortedSet<string>(StringComparer.Ordinal);
        var phones = new SortedSet<string>(StringComparer.Ordinal);
        var social = new SortedSet<string>(StringComparer.Ordinal);
        string? about = null, contact = null;

        foreach (var link in document.QuerySelectorAll("a[href]"))
        {
            var href = link.GetAttribute("href")!.Trim();
            if (href.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase))
            {
                if (ContactPatterns.EmailFromMailto(href) is { } email)
                {
                    emails.Add(email);
                }

                continue;
            }

            if (href.StartsWith("tel:", StringComparison.OrdinalIgnoreCase))
            {
                if (ContactPatterns.CanonicalPhone(Uri.UnescapeDataString(href[4..])) is { } phone)
                {
                    phones.Add(phone);
                }

                continue;
            }

            if (!Uri.TryCreate(url, href, out var target) || (target.Scheme != Uri.UriSchemeHttp && target.Scheme != Uri.UriSchemeHttps))
            {
                continue;
            }

            if (ContactPatterns.CanonicalSocial(target) is { } profile)
            {
                social.Add(profile);
            }
            else if (target.Host == url.Host)
            {
                var label = (link.TextContent + " " + target.AbsolutePath).ToLowerInvariant();
                about ??= label.Contains("about") ? target.AbsoluteUri : null;
                contact ??= label.Contains("contact") ? target.AbsoluteUri : null;
            }
        }

        emails.UnionWith(ContactPatterns.EmailsInText(text));
        phones.UnionWith(ContactPatterns.PhonesInText(text));

        var og = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var meta in document.QuerySelectorAll("meta[property^='og:']"))
        {
            if (meta.GetAttribute("content") is { Length: > 0 } content)
            {
                og.TryAdd(meta.GetAttribute("property")!, Fold(content));
            }
        }

        var description = document.QuerySelector("meta[name='description' i]")?.GetAttribute("content");
        var headings = document.QuerySelectorAll("h1, h2").Select(h => Fold(h.TextContent)).Where(h => h.Length > 0).Distinct().Take(50).ToList();
        var language = document.DocumentElement.GetAttribute("lang");
        return new PageFacts(
            Empty(Fold(document.Title ?? "")), Empty(Fold(description ?? "")), Empty(language?.Trim()), og, headings,
            text.Length <= ExcerptLength ? text : text[..ExcerptLength], [.. emails], [.. phones], [.. social], about, contact);
    }

    /// <summary>The page's visible text: blocks on their own lines, whitespace folded.</summary>
    public static string VisibleText(INode? root)
    {
        var text = new StringBuilder(4096);
        if (root is not null)
        {
            Walk(root, text);
        }

        var lines = text.ToString().Split('\n').Select(Fold).Where(l => l.Length > 0);
        return string.Join('\n', lines);
    }

    private static void Walk(INode node, StringBuilder text)
    {
        foreach (var child in node.ChildNodes)
        {
            if (child is IText t)
            {
                text.Append(t.Data);
            }
            else if (child is IElement e && !Skipped.Contains(e.LocalName))
            {
                var block = Blocks.Contains(e.LocalName);
                if (block)
                {
                    text.Append('\n');
                }

                Walk(e, text);
                if (block)
                {
                    text.Append('\n');
                }
            }
        }
    }

    private static string Fold(string s)
    {
        var sb = new StringBuilder(s.Length);
        var space = false;
        foreach (var c in s)
        {
            if (char.IsWhiteSpace(c) || c == '\0')
            {
                space = sb.Length > 0;
                continue;
            }

            if (space)
            {
                sb.Append(' ');
                space = false;
            }

            sb.Append(c);
        }

        return sb.ToString();
    }

    private static string? Empty(string? s) => string.IsNullOrEmpty(s) ? null : s;
}
