using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Appliance.Tests.Lab;

/// <summary>
/// Just enough of a scraper to check the lab against its own truth, without AngleSharp: the
/// HTML standard's encoding order (BOM, Content-Type header, meta pre-scan), then title,
/// description, e-mails, phones and social links by pattern.
/// </summary>
internal static partial class LabPageReader
{
    private static readonly string[] SocialHosts = ["facebook.com", "linkedin.com", "x.com", "twitter.com", "instagram.com", "youtube.com"];

    public static string Decode(byte[] body, string? contentType)
    {
        if (body.AsSpan().StartsWith(Encoding.UTF8.Preamble))
        {
            return Encoding.UTF8.GetString(body, 3, body.Length - 3);
        }

        var declared = Charset(contentType) ?? Charset(Encoding.ASCII.GetString(body, 0, Math.Min(1024, body.Length)));
        return declared is "windows-1252" or "iso-8859-1" ? Encoding.Latin1.GetString(body) : Encoding.UTF8.GetString(body);
    }

    public static string? Title(string html) =>
        TitlePattern().Match(html) is { Success: true } m ? Fold(WebUtility.HtmlDecode(m.Groups[1].Value)) : null;

    public static string? Description(string html)
    {
        foreach (Match meta in MetaPattern().Matches(html))
        {
            var tag = meta.Value;
            if (NameDescription().IsMatch(tag) && ContentPattern().Match(tag) is { Success: true } content)
            {
                return Fold(WebUtility.HtmlDecode(content.Groups[2].Value));
            }
        }

        return null;
    }

    /// <summary>Every address written in plain (not obfuscated) form, lower-cased.</summary>
    public static HashSet<string> PlainEmails(string html) =>
        EmailPattern().Matches(html).Select(m => m.Value.ToLowerInvariant()).ToHashSet();

    /// <summary>Phone-like "+digits" runs once separators are gone.</summary>
    public static HashSet<string> Phones(string html) =>
        PhonePattern().Matches(PhoneSeparators().Replace(html, "")).Select(m => m.Value).ToHashSet();

    public static SortedSet<string> SocialLinks(string html)
    {
        var links = new SortedSet<string>(StringComparer.Ordinal);
        foreach (Match m in HrefPattern().Matches(html))
        {
            if (Uri.TryCreate(m.Groups[1].Value, UriKind.Absolute, out var uri))
            {
                var host = uri.Host.StartsWith("www.", StringComparison.Ordinal) ? uri.Host[4..] : uri.Host;
                if (SocialHosts.Contains(host))
                {
                    links.Add("https://" + host + uri.AbsolutePath.TrimEnd('/'));
                }
            }
        }

        return links;
    }

    public static string Fold(string text) => string.Join(' ', text.Split([' ', '\t', '\n', '\r', '\f'], StringSplitOptions.RemoveEmptyEntries));

    private static string? Charset(string? text) =>
        text is not null && CharsetPattern().Match(text) is { Success: true } m ? m.Groups[1].Value.ToLowerInvariant() : null;

    [GeneratedRegex("charset=\"?([A-Za-z0-9_-]+)", RegexOptions.IgnoreCase)]
    private static partial Regex CharsetPattern();

    [GeneratedRegex("<title>(.*?)</title>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex TitlePattern();

    [GeneratedRegex("<meta\\s[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex MetaPattern();

    [GeneratedRegex("name=['\"]description['\"]", RegexOptions.IgnoreCase)]
    private static partial Regex NameDescription();

    [GeneratedRegex("content=(['\"])(.*?)\\1", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex ContentPattern();

    [GeneratedRegex("[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}")]
    private static partial Regex EmailPattern();

    [GeneratedRegex("[ \\-.()\u00a0]")]
    private static partial Regex PhoneSeparators();

    [GeneratedRegex("\\+\\d{6,}")]
    private static partial Regex PhonePattern();

    [GeneratedRegex("href=\"(https?://[^\"]+)\"")]
    private static partial Regex HrefPattern();
}
