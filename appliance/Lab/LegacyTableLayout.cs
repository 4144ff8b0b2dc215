namespace Appliance.Lab;

/// <summary>A site built around 2003: upper-case tags, tables for layout, font tags, unclosed paragraphs.</summary>
internal static class LegacyTableLayout
{
    public static void Write(LabPageParts p)
    {
        var (site, html) = (p.Site, p.Html);
        html.Append("<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01 Transitional//EN\">\n<HTML>\n");
        p.Head(site.Title, site.Description, openGraph: false, "<META NAME=\"keywords\" CONTENT=\"" + site.Company.Industry.Kind.ToLowerInvariant() + ", " + LabPageParts.Escape(site.Company.City) + "\">\n");
        html.Append("<BODY BGCOLOR=\"#FFFFFF\" leftmargin=0 topmargin=0>\n<CENTER>\n<TABLE WIDTH=\"760\" BORDER=0 CELLPADDING=4 CELLSPACING=0>\n<TR><TD BGCOLOR=#003366><FONT FACE=\"Arial\" SIZE=5 COLOR=white><B>")
            .Append(LabPageParts.Escape(site.Company.Name)).Append("</B></FONT></TD></TR>\n<TR><TD><FONT FACE=\"Arial\" SIZE=2>");
        p.Nav(" | ");
        html.Append("</FONT></TD></TR>\n<TR><TD><FONT FACE=\"Arial\" SIZE=2>\n<H1>Welcome!</H1>\n");
        p.Filler(site.TargetBytes - 1_200, "", "", "H2");
        html.Append("</FONT></TD></TR>\n<TR><TD BGCOLOR=#EEEEEE><FONT FACE=\"Arial\" SIZE=1>\n");
        p.Contacts("", "<BR>");
        p.Socials(icons: false);
        html.Append("</FONT></TD></TR>\n</TABLE>\n</CENTER>\n");
        if (!site.Malformed)
        {
            html.Append("</BODY>\n</HTML>\n");
        }
    }
}
