namespace Appliance.Lab;

/// <summary>
/// A WordPress theme's output: block-library styles inlined by the kilobyte, body classes,
/// widget areas, and the emoji loader; contact details sit in a footer widget.
/// </summary>
internal static class WordPressLayout
{
    public static void Write(LabPageParts p)
    {
        var (site, html) = (p.Site, p.Html);
        html.Append("<!DOCTYPE html>\n<html lang=\"").Append(site.Company.Country.Lang).Append("\" class=\"no-js\">\n");
        var styles = new System.Text.StringBuilder("<style id='global-styles-inline-css'>\n:root{--wp--preset--color--black: #000000;--wp--preset--font-size--small: 13px;}\n");
        for (var i = 0; styles.Length < site.TargetBytes / 4; i++)
        {
            styles.Append(".wp-block-").Append(p.Random.Pick(LabVocabulary.Cores)).Append('-').Append(i)
                .Append("{margin-top:0;margin-bottom:var(--wp--style--block-gap);padding:0 1.25em}\n");
        }

        styles.Append("@media (max-width: 781px){.wp-block-columns{flex-wrap:wrap}}\n</style>\n");
        p.Head(site.Title, site.Description, openGraph: p.Random.Chance(0.7),
            "<link rel='stylesheet' id='wp-block-library-css' href='/wp-includes/css/dist/block-library/style.min.css?ver=6.4.2' media='all' />\n"
            + styles + "<script src='/wp-includes/js/jquery/jquery.min.js?ver=3.7.1' id='jquery-core-js'></script>\n<meta name=\"generator\" content=\"WordPress 6.4.2\" />\n");
        html.Append("<body class=\"home page-template-default page page-id-2 wp-embed-responsive\">\n<div class=\"wp-site-blocks\">\n<header class=\"wp-block-template-part\"><div class=\"site-branding\"><p class=\"site-title\"><a href=\"/\" rel=\"home\">")
            .Append(LabPageParts.Escape(site.Company.Name)).Append("</a></p></div>\n<nav class=\"wp-block-navigation\"><ul class=\"wp-block-page-list\">\n<li class=\"wp-block-pages-list__item\">");
        p.Nav("</li>\n<li class=\"wp-block-pages-list__item\">");
        html.Append("</li></ul></nav></header>\n<main class=\"wp-block-group\"><article class=\"post-2 page type-page status-publish hentry\"><div class=\"entry-content\">\n<h1 class=\"wp-block-heading\">")
            .Append(LabPageParts.Escape(site.Company.Name)).Append("</h1>\n");
        p.Filler(site.TargetBytes - 2_500, "<div class=\"wp-block-group\">", "</div>", "h2");
        html.Append("</div></article></main>\n<footer class=\"wp-block-template-part site-footer\">\n<aside class=\"widget-area\"><section id=\"text-3\" class=\"widget widget_text\"><h2 class=\"widget-title\">Contact us</h2><div class=\"textwidget\"><p>\n");
        p.Contacts("", "<br />");
        html.Append("</p></div></section>\n<section id=\"custom_html-2\" class=\"widget_text widget widget_custom_html\"><div class=\"textwidget custom-html-widget\">\n");
        p.Socials(icons: true);
        html.Append("</div></section></aside>\n<div class=\"site-info\"><a href=\"https://wordpress.org/\">Proudly powered by WordPress</a></div>\n</footer>\n</div>\n")
            .Append("<script>window._wpemojiSettings={\"baseUrl\":\"https:\\/\\/s.w.org\\/images\\/core\\/emoji\\/14.0.0\\/72x72\\/\",\"ext\":\".png\"};</script>\n</body>\n</html>\n");
    }
}
