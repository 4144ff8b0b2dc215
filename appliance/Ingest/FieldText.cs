namespace Appliance.Ingest;

/// <summary>How a raw cell becomes a stored value.</summary>
public static class FieldText
{
    /// <summary>
    /// Trims, removes byte-order marks and NUL characters (PostgreSQL text cannot hold NUL),
    /// and unwraps Excel's <c>="00123"</c> text-forcing formula; empty becomes null.
    /// </summary>
    public static string? Clean(string raw)
    {
        var s = raw.AsSpan().Trim();
        if (s.Length == 0)
        {
            return null;
        }

        string text = s.Length == raw.Length ? raw : s.ToString();
        if (text.Contains('\uFEFF') || text.Contains('\0'))
        {
            text = text.Replace("\uFEFF", "", StringComparison.Ordinal).Replace("\0", "", StringComparison.Ordinal).Trim();
        }

        if (text.Length >= 3 && text.StartsWith("=\"", StringComparison.Ordinal) && text.EndsWith('"'))
        {
            text = text[2..^1].Replace("\"\"", "\"", StringComparison.Ordinal).Trim();
        }

        return text.Length == 0 ? null : text;
    }

    /// <summary>The first characters of a row, for a reject's excerpt.</summary>
    public static string Excerpt(IEnumerable<string> fields, char delimiter, int maxLength = 200)
    {
        var joined = string.Join(delimiter, fields.Select(f => f.Length > maxLength ? f[..maxLength] : f));
        joined = joined.Replace("\0", "", StringComparison.Ordinal);
        return joined.Length <= maxLength ? joined : joined[..maxLength] + "…";
    }
}
