using System.Text;
using System.Text.RegularExpressions;

namespace Appliance.Scrape;

/// <summary>
/// Decodes an HTML body the way a browser picks its encoding (WHATWG order): a byte-order mark,
/// then the Content-Type charset, then a <c>&lt;meta&gt;</c> declaration near the start, then UTF-8.
/// Labels map as browsers map them (latin1 and us-ascii mean windows-1252).
/// </summary>
public static partial class CharsetDecoder
{
    static CharsetDecoder() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static string Decode(ReadOnlySpan<byte> body, string? headerCharset)
    {
        var (encoding, skip) = Detect(body, headerCharset);
        return encoding.GetString(body[skip..]);
    }

    /// <summary>The encoding of a body from its first bytes, and the length of its byte-order mark.</summary>
    public static (Encoding Encoding, int Skip) Detect(ReadOnlySpan<byte> head, string? headerCharset)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return (Encoding.UTF8, 3);
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return (Encoding.Unicode, 2);
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return (Encoding.BigEndianUnicode, 2);
        }

        return (ForLabel(headerCharset) ?? ForLabel(MetaCharset(head)) ?? Encoding.UTF8, 0);
    }

    /// <summary>The charset a <c>&lt;meta charset&gt;</c> or <c>http-equiv</c> declares in the first 4 KB.</summary>
    public static string? MetaCharset(ReadOnlySpan<byte> body)
    {
        var head = Encoding.Latin1.GetString(body[..Math.Min(body.Length, 4096)]);
        var m = MetaPattern().Match(head);
        return m.Success ? m.Groups["cs"].Value : null;
    }

    public static Encoding? ForLabel(string? label)
    {
        if (string.IsNullOrWhiteSpace(label))
        {
            return null;
        }

        var name = label.Trim().Trim('"', '\'').ToLowerInvariant();
        if (name is "latin1" or "iso-8859-1" or "iso8859-1" or "us-ascii" or "ascii" or "l1" or "cp1252")
        {
            name = "windows-1252";
        }

        try
        {
            var encoding = Encoding.GetEncoding(name);
            // A page cannot really be UTF-16 without a BOM; browsers read such a declaration as UTF-8.
            return encoding is UnicodeEncoding ? Encoding.UTF8 : encoding;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    [GeneratedRegex("""<meta[^>]+charset\s*=\s*["']?(?<cs>[A-Za-z0-9_:.-]+)""", RegexOptions.IgnoreCase)]
    private static partial Regex MetaPattern();
}
