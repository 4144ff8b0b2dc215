namespace Appliance.Scrape;

/// <summary>
/// The rules of one robots.txt for our user agent (RFC 9309): the group naming our product token,
/// else the <c>*</c> group; the longest matching Allow/Disallow wins, Allow on a tie; <c>*</c> and
/// a final <c>$</c> are understood.
/// </summary>
public sealed class RobotsRules
{
    public static readonly RobotsRules AllowAll = new([]);

    private readonly List<(string Pattern, bool Allow)> _rules;

    private RobotsRules(List<(string, bool)> rules) => _rules = rules;

    /// <summary>Roughly what the rules cost in memory, for the robots cache's byte limit.</summary>
    public long ApproxBytes => 64 + _rules.Sum(r => 48L + (2L * r.Pattern.Length));

    public static RobotsRules Parse(string text, string productToken)
    {
        var groups = new List<(List<string> Agents, List<(string, bool)> Rules)>();
        (List<string> Agents, List<(string, bool)> Rules)? current = null;
        var lastWasAgent = false;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Split('#')[0].Trim();
            var colon = line.IndexOf(':');
            if (colon <= 0)
            {
                continue;
            }

            var key = line[..colon].Trim().ToLowerInvariant();
            var value = line[(colon + 1)..].Trim();
            if (key == "user-agent")
            {
                if (current is null || !lastWasAgent)
                {
                    current = ([], []);
                    groups.Add(current.Value);
                }

                current.Value.Agents.Add(value.ToLowerInvariant());
                lastWasAgent = true;
                continue;
            }

            lastWasAgent = false;
            if (current is not null && (key == "allow" || key == "disallow") && value.Length > 0)
            {
                current.Value.Rules.Add((value, key == "allow"));
            }
        }

        var token = productToken.ToLowerInvariant();
        var match = groups.FirstOrDefault(g => g.Agents.Any(a => a != "*" && token.StartsWith(a, StringComparison.Ordinal)));
        match = match.Agents is null ? groups.FirstOrDefault(g => g.Agents.Contains("*")) : match;
        return match.Rules is null ? AllowAll : new RobotsRules(match.Rules);
    }

    public bool IsAllowed(string pathAndQuery)
    {
        var best = -1;
        var allowed = true;
        foreach (var (pattern, allow) in _rules)
        {
            if (Matches(pattern, pathAndQuery) && (pattern.Length > best || (pattern.Length == best && allow)))
            {
                best = pattern.Length;
                allowed = allow;
            }
        }

        return allowed;
    }

    /// <summary>
    /// RFC 9309 §2.2.3: <c>*</c> matches any run of characters, a final <c>$</c> anchors the end. The parts between
    /// stars are matched leftmost-first, which leaves the most room for the rest; with <c>$</c> the last part must
    /// end the path, so it is looked for there rather than at its first occurrence (<c>/*.pdf$</c> against
    /// <c>/a.pdf/b.pdf</c> matches at the second ".pdf", not the first).
    /// </summary>
    internal static bool Matches(string pattern, string path)
    {
        var anchored = pattern.EndsWith('$');
        var parts = (anchored ? pattern[..^1] : pattern).Split('*');
        var last = anchored ? parts.Length - 1 : parts.Length;
        var at = 0;
        for (var i = 0; i < last; i++)
        {
            var found = i == 0 ? (path.StartsWith(parts[0], StringComparison.Ordinal) ? 0 : -1) : path.IndexOf(parts[i], at, StringComparison.Ordinal);
            if (found < 0)
            {
                return false;
            }

            at = found + parts[i].Length;
        }

        if (!anchored)
        {
            return true;
        }

        // The anchored last part: the whole path when there is no star, else a suffix that starts after what matched.
        var tail = parts[^1];
        return parts.Length == 1
            ? path.Equals(tail, StringComparison.Ordinal)
            : path.Length - tail.Length >= at && path.EndsWith(tail, StringComparison.Ordinal);
    }
}
