namespace Appliance.Scrape;

/// <summary>
/// A linear pre-scan that finds where a page would take an HTML parser's stack of open elements past a depth.
/// </summary>
/// <remarks>
/// The HTML tree builder checks "element in scope" by walking its stack of open elements, once or more per tag,
/// so a page of n unclosed <c>&lt;div&gt;</c> costs O(n²): 30,000 (150 KB) took 4.5 CPU-seconds in AngleSharp and
/// 60,000 took 13.9. AngleSharp's <c>MaximumDepth</c> only moves where deep elements attach; the stack, and the
/// cost, stay. So the page is cut before the tag that would open element number <c>maxDepth</c> and only that
/// prefix is parsed. The scan mirrors the parser's common implied closes (a <c>&lt;p&gt;</c> closed by a block, a
/// <c>&lt;li&gt;</c> by the next one, an end tag closing what is open inside it); where it is unsure it counts an
/// element as open, so it may overestimate depth, never miss a deep page by much.
/// </remarks>
public static class HtmlNesting
{
    private static readonly HashSet<ulong> Void = Hashes("area base br col embed hr img image input keygen link meta param source track wbr basefont bgsound frame");
    private static readonly HashSet<ulong> RawText = Hashes("script style textarea title xmp iframe noembed noframes");
    private static readonly HashSet<ulong> NotCounted = Hashes("html head body");
    private static readonly HashSet<ulong> ClosesP = Hashes(
        "address article aside blockquote center details dialog dir div dl fieldset figcaption figure footer header hgroup main menu nav ol p search section summary ul h1 h2 h3 h4 h5 h6 pre listing form table hr xmp li dd dt");
    private static readonly HashSet<ulong> Scope = Hashes("applet caption html table td th marquee object template button svg math");
    private static readonly HashSet<ulong> ListScope = Hashes("applet caption html table td th marquee object template svg math ol ul");
    private static readonly HashSet<ulong> TableScope = Hashes("html table template");
    private static readonly ulong P = Hash("p"), Li = Hash("li"), Dd = Hash("dd"), Dt = Hash("dt"), Td = Hash("td"), Th = Hash("th"), Tr = Hash("tr"),
        A = Hash("a"), Option = Hash("option"), Button = Hash("button"), Svg = Hash("svg"), Math = Hash("math"), Plaintext = Hash("plaintext");

    /// <summary>
    /// The index of the <c>&lt;</c> of the start tag that would open element number <paramref name="maxDepth"/>
    /// (counting html and body), or -1 when the page stays shallower.
    /// </summary>
    public static int DepthCut(ReadOnlySpan<char> html, int maxDepth)
    {
        var stack = new List<ulong>(64);
        var foreign = 0;
        var at = 0;
        while (at < html.Length)
        {
            var lt = html[at..].IndexOf('<');
            if (lt < 0 || at + lt + 1 >= html.Length)
            {
                return -1;
            }

            var start = at + lt;
            var c = html[start + 1];
            if (c == '!' || c == '?')
            {
                at = SkipMarkup(html, start);
                continue;
            }

            var end = c == '/';
            var nameAt = end ? start + 2 : start + 1;
            if (nameAt >= html.Length || !char.IsAsciiLetter(html[nameAt]))
            {
                // "<" followed by anything else is text; "</" then a non-letter is a bogus comment.
                at = end ? SkipTo(html, nameAt, '>') : start + 1;
                continue;
            }

            var nameEnd = nameAt;
            while (nameEnd < html.Length && !IsNameEnd(html[nameEnd]))
            {
                nameEnd++;
            }

            var name = Hash(html[nameAt..nameEnd]);
            var (tagEnd, selfClosing) = TagEnd(html, nameEnd);
            at = tagEnd;
            if (end)
            {
                if (PopThrough(stack, name, null) && foreign > 0)
                {
                    foreign = Count(stack, Svg) + Count(stack, Math);
                }

                continue;
            }

            if (name == Plaintext)
            {
                return -1;
            }

            if (RawText.Contains(name))
            {
                at = SkipRawText(html, at, html[nameAt..nameEnd]);
                continue;
            }

            if (Void.Contains(name) || NotCounted.Contains(name) || (selfClosing && foreign > 0))
            {
                continue;
            }

            CloseImplied(stack, name);
            stack.Add(name);
            foreign += name == Svg || name == Math ? 1 : 0;
            if (stack.Count + 2 > maxDepth)
            {
                return start;
            }
        }

        return -1;
    }

    private static void CloseImplied(List<ulong> stack, ulong name)
    {
        if (ClosesP.Contains(name))
        {
            PopThrough(stack, P, Scope);
        }

        if (name == Li)
        {
            PopThrough(stack, Li, ListScope);
        }
        else if (name == Dd || name == Dt)
        {
            PopThrough(stack, Dd, Scope);
            PopThrough(stack, Dt, Scope);
        }
        else if (name == Td || name == Th || name == Tr)
        {
            if (name == Tr)
            {
                PopThrough(stack, Tr, TableScope);
            }

            PopThrough(stack, Td, TableScope);
            PopThrough(stack, Th, TableScope);
        }
        else if (name == A)
        {
            PopThrough(stack, A, Scope);
        }
        else if (name == Option || name == Button)
        {
            PopThrough(stack, name, Scope);
        }
    }

    /// <summary>Pops the nearest open <paramref name="name"/> and all above it, unless a boundary comes first.</summary>
    private static bool PopThrough(List<ulong> stack, ulong name, HashSet<ulong>? boundaries)
    {
        for (var i = stack.Count - 1; i >= 0; i--)
        {
            if (stack[i] == name)
            {
                stack.RemoveRange(i, stack.Count - i);
                return true;
            }

            if (boundaries is not null && boundaries.Contains(stack[i]))
            {
                return false;
            }
        }

        return false;
    }

    private static int Count(List<ulong> stack, ulong name)
    {
        var n = 0;
        foreach (var s in stack)
        {
            n += s == name ? 1 : 0;
        }

        return n;
    }

    private static bool IsNameEnd(char c) => c is ' ' or '\t' or '\n' or '\r' or '\f' or '/' or '>';

    /// <summary>Past the tag's closing '>', minding quoted attribute values; and whether it ended in "/>".</summary>
    private static (int End, bool SelfClosing) TagEnd(ReadOnlySpan<char> html, int from)
    {
        var afterEquals = false;
        for (var i = from; i < html.Length; i++)
        {
            var c = html[i];
            if (c == '>')
            {
                return (i + 1, html[i - 1] == '/');
            }

            if (afterEquals && c is '"' or '\'')
            {
                var close = html[(i + 1)..].IndexOf(c);
                if (close < 0)
                {
                    return (html.Length, false);
                }

                i += close + 1;
                afterEquals = false;
            }
            else if (c == '=')
            {
                afterEquals = true;
            }
            else if (c is not (' ' or '\t' or '\n' or '\r' or '\f'))
            {
                afterEquals = false;
            }
        }

        return (html.Length, false);
    }

    private static int SkipMarkup(ReadOnlySpan<char> html, int start)
    {
        if (html[start..].StartsWith("<!--", StringComparison.Ordinal))
        {
            var close = html[(start + 4)..].IndexOf("-->", StringComparison.Ordinal);
            return close < 0 ? html.Length : start + 4 + close + 3;
        }

        return SkipTo(html, start + 1, '>');
    }

    private static int SkipTo(ReadOnlySpan<char> html, int from, char c)
    {
        var i = html[from..].IndexOf(c);
        return i < 0 ? html.Length : from + i + 1;
    }

    private static int SkipRawText(ReadOnlySpan<char> html, int from, ReadOnlySpan<char> name)
    {
        for (var i = from; i < html.Length;)
        {
            var lt = html[i..].IndexOf("</", StringComparison.Ordinal);
            if (lt < 0)
            {
                return html.Length;
            }

            var at = i + lt + 2;
            if (html[at..].StartsWith(name, StringComparison.OrdinalIgnoreCase)
                && (at + name.Length == html.Length || IsNameEnd(html[at + name.Length])))
            {
                return SkipTo(html, at, '>');
            }

            i = at;
        }

        return html.Length;
    }

    /// <summary>FNV-1a over the ASCII-lowercased name: a tag name without allocating a string.</summary>
    private static ulong Hash(ReadOnlySpan<char> name)
    {
        var h = 14695981039346656037UL;
        foreach (var c in name)
        {
            h = (h ^ char.ToLowerInvariant(c)) * 1099511628211UL;
        }

        return h;
    }

    private static HashSet<ulong> Hashes(string names) => [.. names.Split(' ').Select(n => Hash(n))];
}
