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

    private static bool Matches(string pattern, string path)
    {
        var anchored = pattern.EndsWith('$');
        var parts = (anchored ? pattern[..^1] : pattern).Split('*');
        var at = 0;
        for (var i = 0; i < parts.Length; i++)
        {
            var found = i == 0 ? (path.StartsWith(parts[0], StringComparison.Ordinal) ? 0 : -1) : path.IndexOf(parts[i], at, StringComparison.Ordinal);
            if (found < 0)
            {
                return false;
            }

            at = found + parts[i].Length;
        }

        return !anchored || at == path.Length || parts[^1].Length == 0;
    }
}
