namespace Appliance.Lab;

/// <summary>A long one-page landing site: hero, feature grid, testimonials, pricing, FAQ, and the contact details at the very end.</summary>
internal static class LandingLayout
{
    public static void Write(LabPageParts p)
    {
        var (site, html, random) = (p.Site, p.Html, p.Random);
        html.Append("<!DOCTYPE html>\n<html lang=\"").Append(site.Company.Country.Lang).Append("\">\n");
        p.Head(site.Title, site.Description, openGraph: true, "<style>body{font-family:system-ui;margin:0}.grid{display:grid;grid-template-columns:repeat(3,1fr)}</style>\n");
        html.Append("<body>\n<nav class=\"sticky\">");
        p.Nav(" ");
        html.Append("</nav>\n<header class=\"hero\"><h1>").Append(LabPageParts.Escape(site.Company.Name)).Append("</h1><p>");
        LabHtml.Sentence(html, random);
        html.Append("</p></header>\n");
        var quarter = site.TargetBytes / 4;
        html.Append("<section id=\"services\" class=\"grid\">\n");
        while (html.Length < quarter)
        {
            html.Append("<div class=\"feature\"><h3>").Append(random.Pick(LabVocabulary.Objects)).Append("</h3><p>");
            LabHtml.Sentence(html, random);
            html.Append("</p></div>\n");
        }

        html.Append("</section>\n<section class=\"testimonials\"><h2>What our clients say</h2>\n");
        while (html.Length < 2 * quarter)
        {
            html.Append("<blockquote><p>");
            LabHtml.Sentence(html, random);
            html.Append("</p><cite>").Append(random.Pick(LabVocabulary.FirstNames)).Append(", ").Append(random.Pick(LabVocabulary.JobTitles)).Append("</cite></blockquote>\n");
        }

        html.Append("</section>\n<section class=\"faq\"><h2>Frequently asked questions</h2>\n");
        while (html.Length < 3 * quarter)
        {
            html.Append("<details><summary>").Append(random.Pick(LabVocabulary.Headings)).Append("?</summary><p>");
            LabHtml.Sentence(html, random);
            html.Append("</p></details>\n");
        }

        html.Append("</section>\n");
        p.Filler(site.TargetBytes - 1_500);
        html.Append("<footer id=\"contact\"><h2>Get in touch</h2>\n");
        p.Address();
        html.Append("<div class=\"contact\">\n");
        p.Contacts("<p>", "</p>");
        html.Append("</div>\n");
        p.Socials(icons: random.Chance(0.5));
        p.Copyright();
        html.Append("</footer>\n</body>\n</html>\n");
    }
}
