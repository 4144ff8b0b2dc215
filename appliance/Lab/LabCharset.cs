using System.Text;

namespace Appliance.Lab;

/// <summary>
/// How a page's bytes and their encoding are declared. The wrong declarations are only those a
/// decoder following the HTML standard's order (BOM, then the Content-Type header, then a
/// <c>&lt;meta&gt;</c> in the first 1,024 bytes) still gets right: a BOM beats a wrong meta, a
/// header beats a wrong meta. Windows-1252 pages really are windows-1252, with é and ü as single bytes.
/// </summary>
internal enum LabCharset
{
    Utf8Header,
    Utf8Meta,
    Utf8HttpEquiv,
    Utf8Bom,
    Utf8BomMetaWrong,
    Utf8HeaderMetaWrong,
    Win1252Header,
    Win1252Meta,
}

internal static class LabCharsets
{
    public static string Name(this LabCharset charset) => charset switch
    {
        LabCharset.Utf8Header => "utf8_header",
        LabCharset.Utf8Meta => "utf8_meta",
        LabCharset.Utf8HttpEquiv => "utf8_http_equiv",
        LabCharset.Utf8Bom => "utf8_bom",
        LabCharset.Utf8BomMetaWrong => "utf8_bom_meta_says_1252",
        LabCharset.Utf8HeaderMetaWrong => "utf8_header_meta_says_latin1",
        LabCharset.Win1252Header => "windows1252_header",
        _ => "windows1252_meta",
    };

    public static bool IsWindows1252(this LabCharset charset) => charset is LabCharset.Win1252Header or LabCharset.Win1252Meta;

    /// <summary>The Content-Type header; spellings vary as servers vary.</summary>
    public static string ContentType(this LabCharset charset, int variant) => charset switch
    {
        LabCharset.Utf8Header or LabCharset.Utf8HeaderMetaWrong => (variant % 3) switch
        {
            0 => "text/html; charset=utf-8",
            1 => "text/html;charset=UTF-8",
            _ => "text/html; charset=\"utf-8\"",
        },
        LabCharset.Win1252Header => variant % 2 == 0 ? "text/html; charset=windows-1252" : "text/html; charset=ISO-8859-1",
        _ => "text/html",
    };

    /// <summary>The declaration at the top of &lt;head&gt;, or nothing.</summary>
    public static string MetaTag(this LabCharset charset, int variant) => charset switch
    {
        LabCharset.Utf8Header or LabCharset.Utf8Meta => "<meta charset=\"utf-8\">",
        LabCharset.Utf8HttpEquiv => "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\">",
        LabCharset.Utf8Bom => "",
        LabCharset.Utf8BomMetaWrong => "<meta charset=\"windows-1252\">",
        LabCharset.Utf8HeaderMetaWrong => "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\">",
        LabCharset.Win1252Header => variant % 2 == 0 ? "" : "<meta charset=\"windows-1252\">",
        _ => variant % 2 == 0 ? "<meta charset=\"windows-1252\">" : "<META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=iso-8859-1\">",
    };

    /// <summary>
    /// The page's bytes. Windows-1252 and Latin-1 agree on every character the lab writes (it
    /// never writes U+0080–U+009F), so the built-in Latin-1 encoder yields true windows-1252;
    /// characters beyond U+00FF become numeric references first, as a real CMS would write them.
    /// </summary>
    public static byte[] Encode(this LabCharset charset, StringBuilder html)
    {
        if (charset.IsWindows1252())
        {
            return Encoding.Latin1.GetBytes(NumericReferencesAboveLatin1(html));
        }

        var bom = charset is LabCharset.Utf8Bom or LabCharset.Utf8BomMetaWrong ? Encoding.UTF8.Preamble : [];
        var length = bom.Length;
        foreach (var chunk in html.GetChunks())
        {
            length += Encoding.UTF8.GetByteCount(chunk.Span);
        }

        var bytes = new byte[length];
        bom.CopyTo(bytes);
        var written = bom.Length;
        foreach (var chunk in html.GetChunks())
        {
            written += Encoding.UTF8.GetBytes(chunk.Span, bytes.AsSpan(written));
        }

        return bytes;
    }

    private static string NumericReferencesAboveLatin1(StringBuilder html)
    {
        var text = html.ToString();
        if (!text.Any(c => c > '\u00ff'))
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length + 64);
        foreach (var c in text)
        {
            _ = c > '\u00ff' ? escaped.Append("&#").Append((int)c).Append(';') : escaped.Append(c);
        }

        return escaped.ToString();
    }
}
