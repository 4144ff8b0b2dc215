namespace Appliance.Ingest;

/// <summary>
/// Picks the delimiter of a CSV file among <c>,</c> <c>;</c> tab and <c>|</c> from its first lines:
/// the candidate that appears in the header and the same number of times on the most lines
/// (quoted text ignored). A file with one column falls back to a comma.
/// </summary>
public static class DelimiterSniffer
{
    private static readonly char[] Candidates = [',', ';', '\t', '|'];

    public static char Sniff(string prefix, int maxLines = 50)
    {
        var lines = SplitLines(prefix, maxLines);
        if (lines.Count == 0)
        {
            return ',';
        }

        var best = ',';
        (int Consistent, int HeaderCount) bestScore = (0, 0);
        foreach (var candidate in Candidates)
        {
            var headerCount = CountOutsideQuotes(lines[0], candidate);
            if (headerCount == 0)
            {
                continue;
            }

            var consistent = lines.Count(l => CountOutsideQuotes(l, candidate) == headerCount);
            if (consistent > bestScore.Consistent || (consistent == bestScore.Consistent && headerCount > bestScore.HeaderCount))
            {
                best = candidate;
                bestScore = (consistent, headerCount);
            }
        }

        return best;
    }

    // Lines as records: a line break inside quotes does not end one.
    private static List<string> SplitLines(string text, int maxLines)
    {
        var lines = new List<string>();
        var inQuotes = false;
        var start = 0;
        for (var i = 0; i < text.Length && lines.Count < maxLines; i++)
        {
            var c = text[i];
            if (c == '"')
            {
                inQuotes = !inQuotes;
            }
            else if ((c == '\n' || c == '\r') && !inQuotes)
            {
                if (i > start)
                {
                    lines.Add(text[start..i]);
                }

                start = i + 1;
            }
        }

        // The last line may be cut off by the prefix; use it only when it is the whole file.
        if (lines.Count == 0 && start < text.Length)
        {
            lines.Add(text[start..]);
        }

        return lines;
    }

    private static int CountOutsideQuotes(string line, char delimiter)
    {
        var count = 0;
        var inQuotes = false;
        foreach (var c in line)
        {
            if (c == '"')
            {
                inQuotes = !inQuotes;
            }
            else if (c == delimiter && !inQuotes)
            {
                count++;
            }
        }

        return count;
    }
}
