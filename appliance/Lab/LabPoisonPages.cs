using System.Text;

namespace Appliance.Lab;

/// <summary>
/// Home pages that are hostile but ordinary-looking, each with its truth: what a correct scraper stores.
/// <list type="bullet">
/// <item><c>deep_nesting</c>: the site's facts, then 60,000 unclosed <c>&lt;div&gt;</c> (~300 KB), which an HTML
/// tree builder handles in quadratic time. Truth: done, with every fact from before the nesting.</item>
/// <item><c>emoji_caps</c>: a title, description and visible text with emoji (a surrogate pair, a ZWJ family, a
/// flag) straddling every cap the pipeline applies (160, 200, 1200, 2000 characters). Truth: done, title and
/// description exactly as written — a scraper that cuts them must cut whole graphemes.</item>
/// <item><c>lying_charset</c>: a windows-1252 page whose header and meta say UTF-8, with city names that need
/// the accents. Truth: done, the title with its accents (a decoder that believes the label shows "Krak�w").</item>
/// </list>
/// Their rates are 0 by default (<see cref="LabOptions"/>), so the standard fault mix is unchanged.
/// </summary>
internal static class LabPoisonPages
{
    public const int NestingDepth = 60_000;

    private const string Family = "👨‍👩‍👧";
    private static readonly int[] Caps = [160, 200, 1200, 2000];

    public static bool Handles(string fault) => fault is LabFault.DeepNesting or LabFault.EmojiCaps or LabFault.LyingCharset;

    /// <summary>The title the page shows, where it differs from the site's.</summary>
    public static string Title(LabSite site) => site.Fault switch
    {
        LabFault.EmojiCaps => Straddle(site.Company.Name + " 😀 ", 160 - 1, "🇵🇱 " + Family),
        LabFault.LyingCharset => site.Company.Name + " - Kraków, München, Zürich, Besançon",
        _ => site.Title,
    };

    /// <summary>The description the page shows, where it differs from the site's.</summary>
    public static string? Description(LabSite site) => site.Fault == LabFault.EmojiCaps
        ? Straddle("We serve customers 👍🏽 ", 200 - 1, Family + " across the border")
        : site.Description;

    public static LabDocument Render(LabSite site, string path)
    {
        var html = new StringBuilder(site.Fault == LabFault.DeepNesting ? (NestingDepth * 5) + 8_192 : 16_384);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head>")
            .Append("<meta charset=\"utf-8\">") // true for two of them; the lying_charset page is windows-1252
            .Append("<title>").Append(LabPageParts.Escape(Title(site))).Append("</title>\n");
        if (Description(site) is { } description)
        {
            html.Append("<meta name=\"description\" content=\"").Append(LabPageParts.Escape(description)).Append("\">\n");
        }

        html.Append("</head><body>\n<h1>").Append(LabPageParts.Escape(site.Company.Name)).Append("</h1>\n");
        if (path == "/")
        {
            Facts(site, html);
        }

        if (site.Fault == LabFault.EmojiCaps)
        {
            // Visible text with a family emoji across each cap (the excerpt is the text after the facts).
            foreach (var cap in Caps)
            {
                html.Append("<p>").Append(Straddle("", cap - 1, Family + " and more")).Append("</p>\n");
            }
        }
        else if (site.Fault == LabFault.DeepNesting && path == "/")
        {
            for (var i = 0; i < NestingDepth; i++)
            {
                html.Append("<div>");
            }

            html.Append("the bottom");
        }

        html.Append("\n</body></html>\n");
        var text = html.ToString();
        return site.Fault == LabFault.LyingCharset
            ? new LabDocument(200, "text/html; charset=utf-8", Encoding.Latin1.GetBytes(text))
            : new LabDocument(200, "text/html; charset=utf-8", Encoding.UTF8.GetBytes(text));
    }

    /// <summary>Every canonical e-mail, phone and social link of the site, as links a scraper reads unambiguously.</summary>
    private static void Facts(LabSite site, StringBuilder html)
    {
        html.Append("<ul class=\"contact\">\n");
        foreach (var email in site.Contacts.CanonicalEmails())
        {
            html.Append("<li><a href=\"mailto:").Append(email).Append("\">").Append(email).Append("</a></li>\n");
        }

        foreach (var phone in site.Contacts.CanonicalPhones())
        {
            html.Append("<li><a href=\"tel:").Append(phone).Append("\">call us</a></li>\n");
        }

        foreach (var link in site.Contacts.CanonicalSocialLinks())
        {
            html.Append("<li><a href=\"").Append(link).Append("\">follow us</a></li>\n");
        }

        html.Append("</ul>\n");
    }

    /// <summary><paramref name="head"/>, padded so that <paramref name="tail"/> starts at character <paramref name="at"/>.</summary>
    private static string Straddle(string head, int at, string tail) =>
        head + new string('x', Math.Max(0, at - head.Length)) + tail;
}
