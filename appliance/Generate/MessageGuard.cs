using System.Text.RegularExpressions;

namespace Appliance.Generate;

/// <summary>
/// Whether a generated message must be held for review instead of sent: it names a URL, an e-mail address or a phone
/// number that is not the lead's own. A hostile page can talk an LLM (or a careless template) into "verify your
/// password at http://evil.example/login"; a message to a lead has no reason to point anywhere but the lead itself.
/// </summary>
public static partial class MessageGuard
{
    /// <summary>The reason to hold <paramref name="body"/>, or null when it may go out as written.</summary>
    /// <param name="leadUrl">The lead's website: links to its host (or a subdomain, or with/without www) are its own.</param>
    /// <param name="leadEmails">The lead's own addresses (the file's, the site's); addresses at the lead's domain count too.</param>
    /// <param name="leadPhones">The lead's own numbers, compared by their digits.</param>
    public static string? HoldReason(string body, string leadUrl, IEnumerable<string>? leadEmails = null, IEnumerable<string>? leadPhones = null)
    {
        var leadHost = Uri.TryCreate(leadUrl, UriKind.Absolute, out var u) ? u.Host : leadUrl;
        var domain = Domain(leadHost);
        var ownEmails = (leadEmails ?? []).Select(e => e.Trim().ToLowerInvariant()).ToHashSet();
        var ownPhones = (leadPhones ?? []).Select(Digits).Where(d => d.Length >= 7).ToHashSet();

        // E-mail addresses first, and blanked out, so their domains are not read again as links.
        foreach (Match m in Email().Matches(body))
        {
            var address = m.Value.TrimEnd('.').ToLowerInvariant();
            if (!ownEmails.Contains(address) && !IsOwnHost(address[(address.IndexOf('@', StringComparison.Ordinal) + 1)..], domain))
            {
                return $"contains the e-mail address {m.Value.TrimEnd('.')}, which is not the lead's";
            }
        }

        // The lead's own host named as written (an address such as 127.16.0.5 would otherwise read as a phone number).
        var rest = Email().Replace(body, " ");
        if (leadHost.Length > 0)
        {
            rest = rest.Replace(leadHost, " ", StringComparison.OrdinalIgnoreCase);
        }

        foreach (Match m in Link().Matches(rest))
        {
            var host = m.Groups["host"].Value.TrimEnd('.');
            if (!IsOwnHost(host, domain))
            {
                return $"contains the link {Shorten(m.Value)}, which is not the lead's website";
            }
        }

        foreach (Match m in Phone().Matches(rest))
        {
            var digits = Digits(m.Value);
            if (digits.Length >= 7 && !ownPhones.Any(p => p.EndsWith(digits, StringComparison.Ordinal) || digits.EndsWith(p, StringComparison.Ordinal)))
            {
                return $"contains the phone number {m.Value.Trim()}, which is not the lead's";
            }
        }

        return null;
    }

    private static bool IsOwnHost(string host, string domain) =>
        domain.Length > 0 && (Domain(host) == domain || host.EndsWith("." + domain, StringComparison.OrdinalIgnoreCase));

    private static string Domain(string host)
    {
        host = host.Trim().TrimEnd('.').ToLowerInvariant();
        return host.StartsWith("www.", StringComparison.Ordinal) ? host[4..] : host;
    }

    private static string Digits(string s) => string.Concat(s.Where(char.IsAsciiDigit));

    private static string Shorten(string s) => s.Length <= 80 ? s : s[..80] + "…";

    [GeneratedRegex(@"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")]
    private static partial Regex Email();

    // A scheme URL, a www. name, or a bare domain name ("evil-bank.com/login", "evil.example"): anything a reader could type or click.
    [GeneratedRegex(@"(?:\b[a-z][a-z0-9+.\-]*://(?<host>[^\s/:?#""'<>\]\[]+)|\b(?<host>(?:[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?\.)+[a-z]{2,24})\b)[^\s""'<>]*", RegexOptions.IgnoreCase)]
    private static partial Regex Link();

    // Seven or more digits with the separators numbers are written with: +44 20 7946 0958, (555) 010-4477, 555.010.4477.
    [GeneratedRegex(@"\+?\(?\d[\d\s().\-/]{5,}\d")]
    private static partial Regex Phone();
}
