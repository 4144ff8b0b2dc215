using Appliance.Storage;

namespace Appliance.Ingest;

/// <summary>How a raw cell becomes a stored value.</summary>
public static class FieldText
{
    /// <summary>
    /// Trims, removes byte-order marks, NUL characters and lone surrogates (PostgreSQL text cannot hold NUL, and
    /// Npgsql refuses half a surrogate pair — XLSX's <c>_xD83D_</c> escapes produce both), and unwraps Excel's
    /// <c>="00123"</c> text-forcing formula; empty becomes null.
    /// </summary>
    public static string? Clean(string raw)
    {
        var s = raw.AsSpan().Trim();
        if (s.Length == 0)
        {
            return null;
        }

        string text = s.Length == raw.Length ? raw : s.ToString();
        if (text.Contains('\uFEFF') || !StoredText.IsClean(text))
        {
            text = StoredText.Clean(text.Replace("\uFEFF", "", StringComparison.Ordinal)).Trim();
        }

        if (text.Length >= 3 && text.StartsWith("=\"", StringComparison.Ordinal) && text.EndsWith('"'))
        {
            text = text[2..^1].Replace("\"\"", "\"", StringComparison.Ordinal).Trim();
        }

        return text.Length == 0 ? null : text;
    }

    /// <summary>The first characters of a row, for a reject's excerpt: clean, cut on a grapheme boundary.</summary>
    public static string Excerpt(IEnumerable<string> fields, char delimiter, int maxLength = 200)
    {
        var joined = string.Join(delimiter, fields.Select(f => StoredText.Truncate(f, maxLength)));
        return StoredText.Shorten(StoredText.Clean(joined), maxLength);
    }
}
