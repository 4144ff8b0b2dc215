using System.Globalization;
using System.Text;

namespace Appliance.Storage;

/// <summary>
/// Text PostgreSQL accepts, cut where a reader would cut it. Npgsql encodes strictly: one lone surrogate (half
/// an emoji left by a cut at a <c>char</c> count) or a NUL fails the whole batch it travels in. Every stage
/// cleans text where it enters (file fields, page text, LLM output) and cuts it only through this class.
/// </summary>
public static class StoredText
{
    /// <summary>A grapheme longer than this (a base with dozens of combining marks) may be cut between its scalars.</summary>
    private const int LongestWholeGrapheme = 32;

    /// <summary><paramref name="text"/> without NUL and lone surrogates; the same instance when there were none.</summary>
    public static string Clean(string text)
    {
        var bad = FirstBad(text);
        if (bad < 0)
        {
            return text;
        }

        var sb = new StringBuilder(text.Length);
        sb.Append(text, 0, bad);
        for (var i = bad; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                sb.Append(c).Append(text[++i]);
            }
            else if (c != '\0' && !char.IsSurrogate(c))
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    /// <inheritdoc cref="Clean(string)"/>
    public static string? CleanOrNull(string? text) => text is null ? null : Clean(text);

    /// <summary>True when <paramref name="text"/> holds no NUL and every surrogate is half of a pair.</summary>
    public static bool IsClean(ReadOnlySpan<char> text) => FirstBad(text) < 0;

    /// <summary>
    /// The longest prefix of <paramref name="text"/> of at most <paramref name="maxChars"/> UTF-16 units that ends
    /// on a grapheme boundary (UAX #29, through <see cref="StringInfo"/>): never half a surrogate pair, never a
    /// letter without its accent, an emoji without its modifier, or half a flag. Costs O(<paramref name="maxChars"/>),
    /// whatever the text's length.
    /// </summary>
    public static int PrefixLength(ReadOnlySpan<char> text, int maxChars)
    {
        if (text.Length <= maxChars)
        {
            return text.Length;
        }

        var at = 0;
        while (at < maxChars)
        {
            // ASCII followed by ASCII is a boundary (except CR LF), so most text needs no grapheme lookup.
            var next = text[at] < 0x80 && text[at + 1] < 0x80 && !(text[at] == '\r' && text[at + 1] == '\n')
                ? 1
                : StringInfo.GetNextTextElementLength(text[at..]);
            if (at + next > maxChars)
            {
                // A pathological cluster (a letter under hundreds of combining marks) is cut between its scalars.
                return next > LongestWholeGrapheme ? ScalarPrefix(text, at, maxChars) : at;
            }

            at += next;
        }

        return at;
    }

    /// <summary>At most <paramref name="maxChars"/> of <paramref name="text"/>, cut on a grapheme boundary.</summary>
    public static string Truncate(string text, int maxChars)
    {
        var n = PrefixLength(text, maxChars);
        return n == text.Length ? text : text[..n];
    }

    /// <summary>
    /// <paramref name="text"/> cut to at most <paramref name="maxChars"/> on a grapheme boundary, trailing white
    /// space dropped and an ellipsis added when it was cut: what a reader sees of a long value.
    /// </summary>
    public static string Shorten(string text, int maxChars, string ellipsis = "…")
    {
        var n = PrefixLength(text, maxChars);
        return n == text.Length ? text : text.AsSpan(0, n).TrimEnd().ToString() + ellipsis;
    }

    private static int ScalarPrefix(ReadOnlySpan<char> text, int from, int maxChars)
    {
        var at = from;
        while (at < maxChars)
        {
            var width = char.IsHighSurrogate(text[at]) && at + 1 < text.Length && char.IsLowSurrogate(text[at + 1]) ? 2 : 1;
            if (at + width > maxChars)
            {
                break;
            }

            at += width;
        }

        return at;
    }

    private static int FirstBad(ReadOnlySpan<char> text)
    {
        // Vectorised searches for anything that could be wrong; only past the first surrogate a careful look.
        var nul = text.IndexOf('\0');
        var surrogate = text.IndexOfAnyInRange('\uD800', '\uDFFF');
        if (surrogate < 0 || (nul >= 0 && nul < surrogate))
        {
            return nul;
        }

        for (var i = surrogate; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (c == '\0' || char.IsSurrogate(c))
            {
                return i;
            }
        }

        return -1;
    }
}
