using System.Buffers;
using System.Text;
using Appliance.Storage;
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
/// "info@acme.com" followed by a paragraph into a wrong address. Each parse keeps to a <see cref="ParseBudget"/>:
/// a bounded prefix, a bounded depth (<see cref="HtmlNesting"/>), a deadline checked as elements are created.
/// Every string returned is <see cref="StoredText"/>-clean and cut on grapheme boundaries.
/// </remarks>
public sealed class PageExtractor(ParseBudget budget)
{
    public const int ExcerptLength = 2000;

    private static readonly HashSet<string> Skipped = ["script", "style", "noscript", "template", "svg", "head"];

    private static readonly HashSet<string> Blocks =
    [
        "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "header", "footer",
        "nav", "main", "aside", "table", "tr", "td", "th", "address", "blockquote", "pre", "form", "dd", "dt", "figcaption", "hr",
    ];

    // HtmlParser is not thread-safe; one per thread keeps parsing parallel without locks. The deadline of the
    // parse under way lives beside it, for the parser's element callback to check.
    [ThreadStatic]
    private static HtmlParser? _parser;

    [ThreadStatic]
    private static int _parserDepth;

    [ThreadStatic]
    private static ParseClock? _clock;

    public PageExtractor()
        : this(ParseBudget.Default)
    {
    }

    public PageFacts Extract(string html, Uri url) => Extract(html.AsMemory(), url);

    /// <summary>The facts of a page held in memory the caller owns (a pooled array): nothing returned refers to it.</summary>
    /// <exception cref="ParseTimeoutException">The parse ran past the budget's deadline.</exception>
    public PageFacts Extract(ReadOnlyMemory<char> html, Uri url)
    {
        var (length, cut) = Budgeted(html.Span);
        var clock = _clock ??= new ParseClock();
        clock.Start(budget.Time, budget.Timeout);
        IDocument document;
        try
        {
            document = Parser().ParseDocument(html[..length]);
        }
        finally
        {
            clock.Stop();
        }

        var facts = Facts(document, url, length);
        return cut is null ? facts : facts with { Cut = cut };
    }

    /// <summary>How much of the page to parse, and why not all of it.</summary>
    private (int Length, string? Cut) Budgeted(ReadOnlySpan<char> html)
    {
        // The parser needs no grapheme boundary, only not half a surrogate pair: a constant-time cut.
        var length = Math.Min(html.Length, budget.MaxChars);
        if (length < html.Length && length > 0 && char.IsHighSurrogate(html[length - 1]))
        {
            length--;
        }

        var deep = HtmlNesting.DepthCut(html[..length], budget.MaxDepth);
        if (deep >= 0)
        {
            return (deep, $"parsed up to element nesting {budget.MaxDepth} (character {deep:N0})");
        }

        return length < html.Length ? (length, $"parsed the first {length:N0} characters") : (length, null);
    }

    private HtmlParser Parser()
    {
        if (_parser is null || _parserDepth != budget.MaxDepth)
        {
            // Comments and source positions are never read here: not keeping them saves a node or a position per element.
            _parser = new HtmlParser(new HtmlParserOptions
            {
                MaximumDepth = budget.MaxDepth,
                OnCreated = static (_, _) => _clock?.Check(),
                SkipComments = true,
                DisableElementPositionTracking = true,
            });
            _parserDepth = budget.MaxDepth;
        }

        return _parser;
    }

    private static PageFacts Facts(IDocument document, Uri url, int length)
    {
        using var text = new RentedText(length);
        var found = new FactElements();
        var state = new TextState(text);
        Walk(document, document.Body, visible: false, ref state, found);
        var emails = new SortedSet<string>(StringComparer.Ordinal);
        var phones = new SortedSet<string>(StringComparer.Ordinal);
        var social = new SortedSet<string>(StringComparer.Ordinal);
        string? about = null, contact = null;

        foreach (var (link, rawHref) in found.Links)
        {
            var href = rawHref.Trim();
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

        ContactPatterns.AddEmailsInText(text.Span, emails);
        ContactPatterns.AddPhonesInText(text.Span, phones);

        var og = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (property, content) in found.OpenGraph)
        {
            og.TryAdd(StoredText.Clean(property), Fold(content));
        }

        var headings = found.Headings.Select(h => Fold(h.TextContent)).Where(h => h.Length > 0).Distinct().Take(50).ToList();
        var language = document.DocumentElement.GetAttribute("lang");
        return new PageFacts(
            Empty(Fold(document.Title ?? "")), Empty(Fold(found.Description ?? "")), Empty(StoredText.CleanOrNull(language?.Trim())), og, headings,
            StoredText.Clean(new string(text.Span[..StoredText.PrefixLength(text.Span, ExcerptLength)])), [.. emails], [.. phones], [.. social],
            StoredText.CleanOrNull(about), StoredText.CleanOrNull(contact));
    }

    /// <summary>The page's visible text: blocks on their own lines, whitespace folded.</summary>
    public static string VisibleText(INode? root)
    {
        using var text = new RentedText(4096);
        var state = new TextState(text);
        if (root is not null)
        {
            Walk(root, body: null, visible: true, ref state, found: null);
        }

        return text.ToString();
    }

    /// <summary>
    /// Writes the visible text as it walks: a block boundary or a newline in the text ends a line, other
    /// whitespace folds to one space, and lines are trimmed with empty ones left out — without building
    /// the raw text first and splitting it, which for a big page made three more copies of it.
    /// </summary>
    private struct TextState(RentedText text)
    {
        private bool _space, _line;

        public void Write(string data)
        {
            var rest = data.AsSpan();
            while (rest.Length > 0)
            {
                // A run of visible characters is copied whole; only the whitespace between runs is looked at one by one.
                var run = rest.IndexOfAny(Blank);
                if (run != 0)
                {
                    if (_line)
                    {
                        text.Append('\n');
                    }
                    else if (_space)
                    {
                        text.Append(' ');
                    }

                    _space = _line = false;
                    var word = run < 0 ? rest : rest[..run];
                    text.Append(word);
                    rest = rest[word.Length..];
                    continue;
                }

                if (rest[0] == '\n')
                {
                    Break();
                }
                else
                {
                    _space = text.Length > 0 && !_line;
                }

                rest = rest[1..];
            }
        }

        public void Break()
        {
            _line = text.Length > 0;
            _space = false;
        }
    }

    /// <summary>Every character <see cref="char.IsWhiteSpace(char)"/> calls white space, and NUL: what folds.</summary>
    private static readonly SearchValues<char> Blank = SearchValues.Create(
        "\0\t\n\v\f\r \u0085\u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u2028\u2029\u202F\u205F\u3000");

    /// <summary>
    /// One walk for the text and the facts' elements. Text is written only inside <paramref name="body"/> and
    /// outside the skipped elements; elements are collected everywhere, as the selectors found them.
    /// </summary>
    private static void Walk(INode node, INode? body, bool visible, ref TextState text, FactElements? found)
    {
        foreach (var child in node.ChildNodes)
        {
            if (child is IText t)
            {
                if (visible)
                {
                    text.Write(t.Data);
                }
            }
            else if (child is IElement e)
            {
                found?.Add(e);
                if (ReferenceEquals(e, body))
                {
                    Walk(e, body, visible: true, ref text, found);
                    continue;
                }

                var shown = visible && !Skipped.Contains(e.LocalName);
                var block = shown && Blocks.Contains(e.LocalName);
                if (block)
                {
                    text.Break();
                }

                if (shown || found is not null)
                {
                    Walk(e, body, shown, ref text, found);
                }

                if (block)
                {
                    text.Break();
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

        return StoredText.Clean(sb.ToString());
    }

    private static string? Empty(string? s) => string.IsNullOrEmpty(s) ? null : s;
}
