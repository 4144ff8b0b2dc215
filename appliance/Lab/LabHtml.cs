using System.Text;

namespace Appliance.Lab;

/// <summary>Escaping and filler text for the page writers.</summary>
internal static class LabHtml
{
    /// <summary>Appends text content: only the characters the parser would otherwise take as markup.</summary>
    public static void Text(StringBuilder html, string text)
    {
        foreach (var c in text)
        {
            _ = c switch
            {
                '&' => html.Append("&amp;"),
                '<' => html.Append("&lt;"),
                '>' => html.Append("&gt;"),
                _ => html.Append(c),
            };
        }
    }

    /// <summary>
    /// Appends text the way hand-made and CMS pages do: entities for some characters (named,
    /// decimal or hex), line breaks and runs of spaces inside, padding around. A browser shows
    /// exactly <paramref name="text"/>, which is the point: the truth is the folded text.
    /// </summary>
    /// <param name="rawLetters">Keep é and ü as characters: a windows-1252 page must carry them as its own bytes.</param>
    public static void MessyText(StringBuilder html, string text, LabRandom random, char? quote = null, bool rawLetters = false)
    {
        var entities = random.Next(3);
        var letterEntities = rawLetters ? 0 : entities;
        html.Append(random.Pick(["", " ", "\n    ", "\t"]));
        foreach (var c in text)
        {
            if (c == ' ' && random.Chance(0.08))
            {
                html.Append(random.Pick(["  ", "\n      ", " \t "]));
                continue;
            }

            _ = c switch
            {
                '&' => html.Append(random.Chance(0.8) ? "&amp;" : "&#38;"),
                '<' => html.Append("&lt;"),
                '>' => html.Append("&gt;"),
                '"' when quote == '"' => html.Append("&quot;"),
                '\'' when quote == '\'' => html.Append("&#39;"),
                '\'' when entities == 1 => html.Append("&#39;"),
                '–' when entities > 0 => html.Append(entities == 1 ? "&ndash;" : "&#8211;"),
                '’' when entities > 0 => html.Append(entities == 1 ? "&rsquo;" : "&#x2019;"),
                'é' when letterEntities == 1 => html.Append("&eacute;"),
                'ü' when letterEntities == 1 => html.Append("&uuml;"),
                'é' when letterEntities == 2 => html.Append("&#233;"),
                _ => html.Append(c),
            };
        }

        html.Append(random.Pick(["", " ", "\n  "]));
    }

    /// <summary>What a browser shows: runs of ASCII whitespace folded to one space, trimmed.</summary>
    public static string Fold(string text) =>
        string.Join(' ', text.Split([' ', '\t', '\n', '\r', '\f'], StringSplitOptions.RemoveEmptyEntries));

    public static void Sentence(StringBuilder html, LabRandom random)
    {
        html.Append(random.Pick(LabVocabulary.Subjects)).Append(' ')
            .Append(random.Pick(LabVocabulary.Verbs)).Append(' ')
            .Append(random.Pick(LabVocabulary.Objects)).Append(' ')
            .Append(random.Pick(LabVocabulary.Tails)).Append(". ");
    }

    /// <summary>A paragraph of filler; <paramref name="malformed"/> sometimes leaves it unclosed, as old CMS output does.</summary>
    public static void Paragraph(StringBuilder html, LabRandom random, bool malformed)
    {
        html.Append("<p>");
        var sentences = random.Next(2, 7);
        for (var i = 0; i < sentences; i++)
        {
            if (i == 1 && random.Chance(0.2))
            {
                html.Append("<strong>");
                Sentence(html, random);
                html.Append("</strong>");
                continue;
            }

            Sentence(html, random);
        }

        html.Append(malformed && random.Chance(0.3) ? "\n" : "</p>\n");
    }

    /// <summary>Markup errors a lenient parser recovers from without moving any text.</summary>
    public static void Breakage(StringBuilder html, LabRandom random)
    {
        html.Append(random.Next(4) switch
        {
            0 => "</div>\n",
            1 => "<b><i>Limited offer</b></i>\n",
            2 => "<span class=promo>New this season</div></span>\n",
            _ => "<ul><li>Fast<li>Friendly<li>Fair</ul>\n",
        });
    }
}
