using System.Text;

namespace Appliance.Lab;

/// <summary>The pages of a healthy site: home in the site's layout, about, contact, and a 404 for anything else.</summary>
internal static class LabPages
{
    public static LabDocument Render(int seed, LabSite site, string path)
    {
        if (LabPoisonPages.Handles(site.Fault))
        {
            return LabPoisonPages.Render(site, path);
        }

        var random = new LabRandom(seed, site.Index, LabRandom.Stream.Render);
        var html = new StringBuilder(path == "/" ? site.TargetBytes + 4_096 : 8_192);
        var parts = new LabPageParts(site, random, html);
        var status = 200;
        switch (path)
        {
            case "/":
                Home(parts);
                break;
            case "/about":
                Inner(parts, "About us", p =>
                {
                    p.Html.Append("<h1>About ").Append(LabPageParts.Escape(site.Company.Name)).Append("</h1>\n<p>Founded in ").Append(site.Company.FoundedText).Append(".</p>\n");
                    p.Filler(6_000);
                });
                break;
            case "/contact":
                Inner(parts, "Contact", p =>
                {
                    p.Html.Append("<h1>Contact us</h1>\n");
                    p.Address();
                    p.Html.Append("<ul>\n");
                    p.Contacts("<li>", "</li>", site.Contacts.ContactPageOnlyEmails.Select(e => new LabEmail(e, LabEmail.Style.Mailto)).ToList());
                    p.Html.Append("</ul>\n<form method=\"post\" action=\"/contact\"><input name=\"name\"><textarea name=\"message\"></textarea><button>Send</button></form>\n");
                });
                break;
            default:
                status = 404;
                Inner(parts, "Page not found", p => p.Html.Append("<h1>Page not found</h1>\n<p>Sorry, that page does not exist. <a href=\"/\">Back to the home page</a>.</p>\n"));
                break;
        }

        return new LabDocument(status, site.Charset.ContentType(site.Index), site.Charset.Encode(html));
    }

    private static void Home(LabPageParts parts)
    {
        switch (parts.Site.Layout)
        {
            case LabLayout.Modern:
                ModernLayout.Write(parts);
                break;
            case LabLayout.WordPress:
                WordPressLayout.Write(parts);
                break;
            case LabLayout.Legacy:
                LegacyTableLayout.Write(parts);
                break;
            case LabLayout.Spa:
                SpaShellLayout.Write(parts);
                break;
            default:
                LandingLayout.Write(parts);
                break;
        }
    }

    private static void Inner(LabPageParts parts, string heading, Action<LabPageParts> body)
    {
        var (site, html) = (parts.Site, parts.Html);
        html.Append("<!DOCTYPE html>\n<html lang=\"").Append(site.Company.Country.Lang).Append("\">\n");
        parts.Head(heading + " | " + site.Company.Name, null, openGraph: false);
        html.Append("<body>\n<header><a href=\"/\">").Append(LabPageParts.Escape(site.Company.Name)).Append("</a><nav>");
        parts.Nav(" ");
        html.Append("</nav></header>\n<main>\n");
        body(parts);
        html.Append("</main>\n<footer>");
        parts.Copyright();
        html.Append("</footer>\n</body>\n</html>\n");
    }
}
