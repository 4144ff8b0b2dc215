using System.Text;
using System.Text.RegularExpressions;

namespace Appliance.Scrape;

/// <summary>
/// Decodes an HTML body the way a browser picks its encoding (WHATWG order): a byte-order mark,
/// then the Content-Type charset, then a <c>&lt;meta&gt;</c> declaration near the start, then UTF-8.
/// Labels map as browsers map them (latin1 and us-ascii mean windows-1252). One departure: a page declared or
/// assumed UTF-8 (not by a byte-order mark) whose bytes are not UTF-8 — a windows-1252 page under a wrong label,
/// common on older sites — is decoded as windows-1252 and reported as repaired, where a browser would show
/// "Krak�w"; names of cities and people are what a lead list is for.
/// </summary>
public static partial class CharsetDecoder
{
    // windows-1252 exists in .NET only through the code-pages provider, which must be registered before it is asked for.
    static CharsetDecoder()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        Windows1252 = Encoding.GetEncoding(1252);
    }

    public static Encoding Windows1252 { get; }

    public static string Decode(ReadOnlySpan<byte> body, string? headerCharset) => Decode(body, headerCharset, out _);

    /// <summary>The body's text; <paramref name="repaired"/> says a UTF-8 label was overruled (see the class).</summary>
    public static string Decode(ReadOnlySpan<byte> body, string? headerCharset, out bool repaired)
    {
        var (encoding, skip) = Detect(body, headerCharset);
        repaired = skip == 0 && encoding.CodePage == Encoding.UTF8.CodePage && LooksMislabelled(body, complete: true);
        return (repaired ? Windows1252 : encoding).GetString(body[skip..]);
    }

    /// <summary>
    /// True when <paramref name="bytes"/>, labelled UTF-8, are not UTF-8 and look like a single-byte charset: at
    /// least one invalid sequence, and no more well-formed multi-byte sequences than invalid ones. A UTF-8 page
    /// with one stray byte among its accents stays UTF-8. An incomplete sequence at the end of a body that was
    /// cut (<paramref name="complete"/> false) is not held against it.
    /// </summary>
    public static bool LooksMislabelled(ReadOnlySpan<byte> bytes, bool complete)
    {
        if (System.Text.Unicode.Utf8.IsValid(bytes))
        {
            return false;
        }

        int valid = 0, invalid = 0;
        var at = bytes.IndexOfAnyExceptInRange((byte)0, (byte)0x7F);
        while (at >= 0 && at < bytes.Length)
        {
            var status = Rune.DecodeFromUtf8(bytes[at..], out _, out var consumed);
            if (status == System.Buffers.OperationStatus.Done)
            {
                valid += consumed > 1 ? 1 : 0;
            }
            else if (status != System.Buffers.OperationStatus.NeedMoreData || complete)
            {
                invalid++;
            }

            at += consumed;
            var next = bytes[at..].IndexOfAnyExceptInRange((byte)0, (byte)0x7F);
            at = next < 0 ? -1 : at + next;
        }

        return invalid > 0 && invalid >= valid;
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
