namespace Appliance.Lab;

/// <summary>A current small-business site: semantic sections, a hero, cards, a contact strip and a footer.</summary>
internal static class ModernLayout
{
    public static void Write(LabPageParts p)
    {
        var (site, html) = (p.Site, p.Html);
        html.Append("<!DOCTYPE html>\n<html lang=\"").Append(site.Company.Country.Lang).Append("\">\n");
        p.Head(site.Title, site.Description, openGraph: true,
            "<link rel=\"stylesheet\" href=\"/assets/css/main.4c1d.css\">\n<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments);}gtag('js',new Date());</script>\n");
        html.Append("<body class=\"home\">\n<header class=\"site-header\"><div class=\"container\"><a class=\"logo\" href=\"/\">")
            .Append(LabPageParts.Escape(site.Company.Name)).Append("</a>\n<nav class=\"main-nav\">\n");
        p.Nav();
        html.Append("</nav></div></header>\n<main>\n<section class=\"hero\"><h1>")
            .Append(LabPageParts.Escape(site.Company.Industry.Kind)).Append(" for ").Append(p.Random.Pick(LabVocabulary.Audiences)).Append(" in ").Append(LabPageParts.Escape(site.Company.City))
            .Append("</h1>\n<p class=\"lead\">");
        LabHtml.Sentence(html, p.Random);
        html.Append("</p><a class=\"button\" href=\"/contact\">Get a quote</a></section>\n<section id=\"services\" class=\"cards\"><h2>Our services</h2>\n");
        foreach (var service in site.Company.Industry.Services)
        {
            html.Append("<div class=\"card\"><h3>").Append(service).Append("</h3><p>");
            LabHtml.Sentence(html, p.Random);
            html.Append("</p></div>\n");
        }

        html.Append("</section>\n");
        p.Filler(site.TargetBytes - 2_000);
        html.Append("</main>\n<footer class=\"site-footer\"><div class=\"container\">\n<div class=\"footer-contact\"><h4>Contact</h4>\n");
        p.Address();
        html.Append("<ul class=\"contact-list\">\n");
        p.Contacts("<li>", "</li>");
        html.Append("</ul></div>\n");
        p.Socials(icons: p.Random.Chance(0.5));
        p.Copyright();
        html.Append("</div></footer>\n");
        if (p.Random.Chance(0.4))
        {
            p.JsonLd();
        }

        if (site.Fault == LabFault.HugePage)
        {
            // After the footer, so that everything the truth holds comes in the first 50 KB.
            p.Filler(LabSite.HugePageBytes, "<article class=\"archive\">", "</article>", "h3");
        }

        html.Append("<script src=\"/assets/js/app.91b2.js\" defer></script>\n</body>\n</html>\n");
    }
}
