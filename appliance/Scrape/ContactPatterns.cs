using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;

namespace Appliance.Scrape;

/// <summary>
/// E-mail addresses, phone numbers and social profiles in page text and links, in canonical form:
/// e-mails lower-cased; phones as <c>+</c> and digits (or digits alone when no country code was
/// written); social links as <c>https://host/path</c> without <c>www.</c>, query or trailing slash.
/// </summary>
public static partial class ContactPatterns
{
    private static readonly string[] SocialHosts =
        ["facebook.com", "linkedin.com", "twitter.com", "x.com", "instagram.com", "youtube.com", "tiktok.com", "github.com", "pinterest.com", "xing.com"];

    /// <summary>Adds the e-mail addresses written in <paramref name="text"/>, plain or obfuscated (<c>name [at] domain [dot] com</c>).</summary>
    public static void AddEmailsInText(ReadOnlySpan<char> text, ISet<string> into)
    {
        // The plain pattern also opens with a run of name characters, so over the whole text it tried every position
        // of every word, and again from each later letter of it. An address holds exactly one '@', its name is the run
        // of name characters just before it and its domain lies within the run of domain characters after it: match
        // only there. Runs never reach back into the previous match, so the matches are the whole-text scan's.
        var consumed = 0;
        for (var at = text.IndexOf('@'); at >= 0; at = Next(text, at))
        {
            if (at < consumed)
            {
                continue;
            }

            var start = consumed + text[consumed..at].LastIndexOfAnyExcept(NameChars) + 1;
            if (start == at)
            {
                continue;
            }

            var after = text[(at + 1)..].IndexOfAnyExcept(DomainChars);
            var window = text[start..(after < 0 ? text.Length : at + 1 + after)];
            foreach (var m in Email().EnumerateMatches(window))
            {
                into.Add(window.Slice(m.Index, m.Length).TrimEnd('.').ToString().ToLowerInvariant());
                consumed = start + m.Index + m.Length;
                break;
            }
        }

        AddObfuscatedEmailsInText(text, into);
    }

    private static int Next(ReadOnlySpan<char> text, int at)
    {
        var next = text[(at + 1)..].IndexOf('@');
        return next < 0 ? -1 : at + 1 + next;
    }

    /// <summary>What <see cref="Email"/> allows before the '@'.</summary>
    private static readonly SearchValues<char> NameChars = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._%+-");

    /// <summary>What <see cref="Email"/> allows after the '@'.</summary>
    private static readonly SearchValues<char> DomainChars = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.-");

    private static void AddObfuscatedEmailsInText(ReadOnlySpan<char> text, ISet<string> into)
    {
        // The obfuscated pattern opens with a run of name characters and no literal, so run over the whole text it
        // tries every position of every word (a sixth of the scraper's CPU on the lab's pages). Only text around an
        // "[at]" token can hold one: find the tokens (a literal bracket to search for), then match in a window
        // around each, never starting inside an earlier match, as the whole-text scan would.
        var consumed = 0;
        foreach (var token in AtToken().EnumerateMatches(text))
        {
            if (token.Index < consumed)
            {
                continue;
            }

            var from = Math.Max(consumed, token.Index - MaxObfuscatedUser);
            var window = text[from..Math.Min(text.Length, token.Index + token.Length + MaxObfuscatedDomain)];
            foreach (var m in ObfuscatedEmail().EnumerateMatches(window))
            {
                // Rare: only now is the match made a string, for its groups.
                var match = ObfuscatedEmail().Match(window.Slice(m.Index, m.Length).ToString());
                var domain = DotToken().Replace(match.Groups["domain"].Value, ".");
                into.Add($"{match.Groups["user"].Value}@{domain}".ToLowerInvariant());
                consumed = from + m.Index + m.Length;
                break;
            }
        }
    }

    /// <summary>How far before an "[at]" token an obfuscated address's name may start (a mailbox name is at most 64 characters).</summary>
    private const int MaxObfuscatedUser = 128;

    /// <summary>How far after it its domain may end (a domain name is at most 253 characters, "[dot]" spelt out longer).</summary>
    private const int MaxObfuscatedDomain = 512;

    public static string? EmailFromMailto(string href)
    {
        var address = Uri.UnescapeDataString(href["mailto:".Length..].Split('?')[0]).Trim();
        return Email().IsMatch(address) ? address.ToLowerInvariant() : null;
    }

    public static void AddPhonesInText(ReadOnlySpan<char> text, ISet<string> into)
    {
        foreach (var m in Phone().EnumerateMatches(text))
        {
            if (CanonicalPhone(text.Slice(m.Index, m.Length).ToString()) is { } phone)
            {
                into.Add(phone);
            }
        }
    }

    /// <summary><c>+</c> and 8–15 digits when written with a country code; else 10 digits or null.</summary>
    public static string? CanonicalPhone(string raw)
    {
        var digits = new StringBuilder(16);
        foreach (var c in raw)
        {
            if (char.IsAsciiDigit(c))
            {
                digits.Append(c);
            }
        }

        var international = raw.TrimStart().StartsWith('+');
        return international
            ? digits.Length is >= 8 and <= 15 ? "+" + digits : null
            : digits.Length == 10 ? digits.ToString() : null;
    }

    public static string? CanonicalSocial(Uri url)
    {
        var host = url.Host.ToLowerInvariant();
        host = host.StartsWith("www.", StringComparison.Ordinal) ? host[4..] : host;
        if (!SocialHosts.Any(s => host == s || host.EndsWith("." + s, StringComparison.Ordinal)))
        {
            return null;
        }

        var path = url.AbsolutePath.TrimEnd('/');
        return path.Length == 0 || path.Contains("/sharer", StringComparison.OrdinalIgnoreCase) || path.Contains("/intent", StringComparison.OrdinalIgnoreCase)
            ? null
            : $"https://{host}{path}";
    }

    [GeneratedRegex(@"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}")]
    private static partial Regex Email();

    [GeneratedRegex(@"(?<user>[A-Za-z0-9._%+-]+)[ \t]*[\[\(\{][ \t]*at[ \t]*[\]\)\}][ \t]*(?<domain>[A-Za-z0-9-]+(?:(?:[ \t]*[\[\(\{][ \t]*dot[ \t]*[\]\)\}][ \t]*|\.)[A-Za-z0-9-]+)+)", RegexOptions.IgnoreCase)]
    private static partial Regex ObfuscatedEmail();

    [GeneratedRegex(@"[\[\(\{][ \t]*at[ \t]*[\]\)\}]", RegexOptions.IgnoreCase)]
    private static partial Regex AtToken();

    [GeneratedRegex(@"\s*[\[\(\{]\s*dot\s*[\]\)\}]\s*", RegexOptions.IgnoreCase)]
    private static partial Regex DotToken();

    [GeneratedRegex(@"\+\d[\d \t().\-/]{6,22}\d|\(\d{3}\)\s?\d{3}[\s.-]\d{4}")]
    private static partial Regex Phone();
}
