namespace Appliance.Lab;

/// <summary>
/// A single-page app's shell: title and description in the head, an empty root element, and the
/// page's words inside a script as JSON for the client to render. A scraper that does not run
/// scripts sees almost no text, and no contact details.
/// </summary>
internal static class SpaShellLayout
{
    public static void Write(LabPageParts p)
    {
        var (site, html) = (p.Site, p.Html);
        html.Append("<!doctype html><html lang=\"").Append(site.Company.Country.Lang).Append("\">");
        p.Head(site.Title, site.Description, openGraph: p.Random.Chance(0.5),
            "<link rel=\"icon\" href=\"/favicon.ico\"/><link href=\"/static/css/main.2b9e1f3a.css\" rel=\"stylesheet\">");
        html.Append("<body><noscript>You need to enable JavaScript to run this app.</noscript><div id=\"root\"></div>\n<script>window.__INITIAL_STATE__={\"page\":{\"sections\":[");
        var first = true;
        var text = new System.Text.StringBuilder();
        while (html.Length < site.TargetBytes - 200)
        {
            text.Clear();
            LabHtml.Sentence(text, p.Random);
            LabHtml.Sentence(text, p.Random);
            html.Append(first ? "" : ",").Append("{\"heading\":\"").Append(p.Random.Pick(LabVocabulary.Headings)).Append("\",\"body\":\"").Append(text.ToString().TrimEnd()).Append("\"}");
            first = false;
        }

        html.Append("]}};</script>\n<script defer=\"defer\" src=\"/static/js/main.8f3a2c1e.js\"></script></body></html>");
    }
}
