namespace Appliance.Lab;

/// <summary>
/// A site's /robots.txt. Healthy sites answer 404 or rules that leave "/" open to every agent
/// (including a group that bans some other bot, which a correct parser must not apply to itself);
/// a site with the robots fault disallows everything for everyone.
/// </summary>
internal static class LabRobots
{
    /// <summary>The body, or null for a 404.</summary>
    public static string? Text(LabSite site) => site.Fault == LabFault.Robots
        ? "User-agent: *\nDisallow: /\n"
        : site.RobotsVariant switch
        {
            0 or 1 => null,
            2 => "User-agent: *\nDisallow:\n",
            3 => $"User-agent: *\nDisallow: /wp-admin/\nAllow: /wp-admin/admin-ajax.php\n\nSitemap: https://www.{site.Company.Domain}/sitemap.xml\n",
            _ => "# Keep out the scrapers we have had trouble with\nUser-agent: BadBot\nDisallow: /\n\nUser-agent: *\nDisallow: /private/\n",
        };
}
