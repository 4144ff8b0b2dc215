using System.Text;
using System.Text.RegularExpressions;

namespace Appliance.Generate;

/// <summary>
/// Text a website wrote, made safe to hand on: to an LLM as capped, delimited data it is told never to obey
/// (<see cref="Untrusted"/>), or to a template message as a short phrase with nothing to click, call or write to
/// (<see cref="Phrase"/>). A page can say anything ("ignore your instructions…", "verify at http://evil.example");
/// neither path lets it say that to a lead.
/// </summary>
public static partial class SiteText
{
    public const string Open = "<site_text>";
    public const string Close = "</site_text>";

    /// <summary>
    /// At most <paramref name="max"/> characters of <paramref name="text"/> between <see cref="Open"/> and <see cref="Close"/>.
    /// Angle brackets become look-alikes, so the page cannot close the block and speak outside it; control characters
    /// become spaces.
    /// </summary>
    public static string Untrusted(string? text, int max, string empty)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return empty;
        }

        var sb = new StringBuilder(Math.Min(text.Length, max) + Open.Length + Close.Length);
        sb.Append(Open);
        foreach (var c in Storage.StoredText.Truncate(text, max))
        {
            sb.Append(c switch { '<' => '‹', '>' => '›', _ when char.IsControl(c) => ' ', _ => c });
        }

        return sb.Append(Close).ToString();
    }

    /// <summary>
    /// A short phrase a template may quote: the first sentence, without links, e-mail addresses, phone numbers or
    /// anything but letters, digits, spaces and plain punctuation, at most <paramref name="maxWords"/> words; null when
    /// nothing sensible is left.
    /// </summary>
    public static string? Phrase(string? text, int maxWords = 12, int maxChars = 90)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var cleaned = Risky().Replace(text, " ");
        cleaned = Disallowed().Replace(cleaned, " ");
        var sentence = cleaned.Split(['.', '!', '?', ';', '|', '\n'], 2)[0];
        var words = sentence.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var phrase = string.Join(' ', words.Take(maxWords)).Trim(' ', ',', ':', '-', '\'');
        if (phrase.Length > maxChars)
        {
            phrase = phrase[..maxChars];
            phrase = phrase[..Math.Max(phrase.LastIndexOf(' '), 0)].TrimEnd(' ', ',', ':', '-');
        }

        return phrase.Count(char.IsLetter) >= 3 && MessageGuard.HoldReason(phrase, "") is null ? phrase : null;
    }

    // Links, bare domains, e-mail addresses and digit runs that could be a phone number.
    [GeneratedRegex(@"\S+@\S+|\b[a-z][a-z0-9+.\-]*://\S+|\bwww\.\S+|\b\S+\.[a-z]{2,24}(/\S*)?\b|\+?\d[\d\s().\-/]{5,}\d", RegexOptions.IgnoreCase)]
    private static partial Regex Risky();

    [GeneratedRegex(@"[^\p{L}\p{N} ,.!?;:'&\-|\n]")]
    private static partial Regex Disallowed();
}
