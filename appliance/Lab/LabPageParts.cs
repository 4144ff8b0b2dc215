using System.Text;

namespace Appliance.Lab;

/// <summary>
/// The pieces every layout shares: the head with its declarations, the contact details, the
/// social links and the filler that brings a page to its size. Layouts decide order and wrapping.
/// </summary>
internal sealed class LabPageParts(LabSite site, LabRandom random, StringBuilder html)
{
    public LabSite Site => site;
    public LabRandom Random => random;
    public StringBuilder Html => html;

    /// <summary>The charset declaration comes first so it lands inside the 1,024 bytes a decoder pre-scans.</summary>
    public void Head(string title, string? description, bool openGraph, string extra = "")
    {
        html.Append("<head>\n");
        var meta = site.Charset.MetaTag(site.Index);
        if (meta.Length > 0)
        {
            html.Append(meta).Append('\n');
        }

        html.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
        LabHtml.MessyText(html, title, random, rawLetters: site.Charset.IsWindows1252());
        html.Append("</title>\n");
        if (description is not null)
        {
            if (random.Chance(0.5))
            {
                html.Append("<meta name=\"description\" content=\"");
                LabHtml.MessyText(html, description, random, '"');
                html.Append("\">\n");
            }
            else
            {
                html.Append("<meta content='");
                LabHtml.MessyText(html, description, random, '\'');
                html.Append("' name='description' />\n");
            }
        }

        if (openGraph && description is not null)
        {
            var home = "https://www." + site.Company.Domain + "/";
            html.Append("<meta property=\"og:title\" content=\"");
            LabHtml.MessyText(html, site.Company.Name, random, '"');
            html.Append("\">\n<meta property=\"og:description\" content=\"");
            LabHtml.MessyText(html, description, random, '"');
            html.Append("\">\n<meta property=\"og:type\" content=\"website\">\n<meta property=\"og:url\" content=\"").Append(home)
                .Append("\">\n<meta property=\"og:image\" content=\"").Append(home).Append("assets/og-image.jpg\">\n<link rel=\"canonical\" href=\"").Append(home).Append("\">\n");
        }

        html.Append(extra).Append("</head>\n");
    }

    public void Nav(string separator = "\n")
    {
        html.Append("<a href=\"/\">Home</a>").Append(separator)
            .Append("<a href=\"/about\">About us</a>").Append(separator)
            .Append("<a href=\"#services\">Services</a>").Append(separator)
            .Append("<a href=\"/contact\">Contact</a>\n");
    }

    /// <summary>Every e-mail and phone mention of the home page, each in its own element.</summary>
    public void Contacts(string open, string close, IReadOnlyList<LabEmail>? extraEmails = null)
    {
        foreach (var phone in site.Contacts.Phones)
        {
            html.Append(open).Append(random.Pick(["Tel. ", "Phone: ", "Call ", ""]));
            phone.Write(html);
            html.Append(close).Append('\n');
        }

        foreach (var email in site.Contacts.Emails.Concat(extraEmails ?? []))
        {
            html.Append(open);
            email.Write(html);
            html.Append(close).Append('\n');
        }
    }

    public void Address()
    {
        var c = site.Company;
        html.Append("<address>");
        LabHtml.Text(html, $"{c.Name}, {1 + (site.Index % 240)} {c.Street}, {c.City}");
        html.Append("</address>\n");
    }

    public void Socials(bool icons)
    {
        if (site.Contacts.Socials.Count == 0)
        {
            return;
        }

        html.Append("<ul class=\"social\">\n");
        foreach (var social in site.Contacts.Socials)
        {
            html.Append("<li><a href=\"").Append(social.Href).Append("\" target=\"_blank\" rel=\"noopener\"");
            _ = icons
                ? html.Append(" aria-label=\"").Append(social.Label).Append("\"><svg width=\"20\" height=\"20\" viewBox=\"0 0 24 24\"><path d=\"M12 2a10 10 0 1 0 0 20a10 10 0 1 0 0-20z\"/></svg></a></li>\n")
                : html.Append('>').Append(social.Label).Append("</a></li>\n");
        }

        html.Append("</ul>\n");
    }

    /// <summary>Sections of headings and paragraphs until the page reaches <paramref name="targetLength"/> characters.</summary>
    public void Filler(int targetLength, string sectionOpen = "<section>", string sectionClose = "</section>", string heading = "h2")
    {
        while (html.Length < targetLength)
        {
            html.Append(sectionOpen).Append('<').Append(heading).Append('>').Append(random.Pick(LabVocabulary.Headings)).Append("</").Append(heading).Append(">\n");
            var paragraphs = random.Next(1, 5);
            for (var i = 0; i < paragraphs; i++)
            {
                LabHtml.Paragraph(html, random, site.Malformed);
            }

            if (site.Malformed && random.Chance(0.3))
            {
                LabHtml.Breakage(html, random);
            }

            html.Append(sectionClose).Append('\n');
        }
    }

    /// <summary>Structured data that repeats what the page shows (never more), as many CMS themes emit.</summary>
    public void JsonLd()
    {
        var c = site.Contacts;
        html.Append("<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\",\"@type\":\"Organization\",\"url\":\"https://www.").Append(site.Company.Domain).Append("/\"");
        if (c.Phones.Count > 0)
        {
            html.Append(",\"telephone\":\"").Append(c.Phones[0].Phone.Format(2)).Append('"');
        }

        if (c.Emails.Count > 0)
        {
            html.Append(",\"email\":\"").Append(c.Emails[0].Address).Append('"');
        }

        html.Append(",\"sameAs\":[").AppendJoin(',', c.Socials.Select(s => "\"" + s.Href + "\"")).Append("]}</script>\n");
    }

    public void Copyright() =>
        html.Append("<p class=\"copyright\">&copy; ").Append(2025).Append(' ').Append(Escape(site.Company.Name)).Append(". All rights reserved.</p>\n");

    public static string Escape(string text)
    {
        var sb = new StringBuilder(text.Length + 8);
        LabHtml.Text(sb, text);
        return sb.ToString();
    }
}
