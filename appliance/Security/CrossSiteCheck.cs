namespace Appliance.Security;

/// <summary>
/// Whether a request that changes something came from another site's page (CSRF). A browser says where a request
/// came from in <c>Sec-Fetch-Site</c> and <c>Origin</c>; anything but the appliance's own page (or a request the user
/// typed, <c>none</c>) is refused for every method but GET and HEAD. A client that sends neither header (curl, scripts,
/// Prometheus) is not a browser, so no other site can make it send a request with the user's credentials.
/// </summary>
public static class CrossSiteCheck
{
    public static bool IsRefused(string method, string? secFetchSite, string? origin, string host)
    {
        if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method))
        {
            return false;
        }

        if (!string.IsNullOrEmpty(secFetchSite)
            && !secFetchSite.Equals("same-origin", StringComparison.OrdinalIgnoreCase)
            && !secFetchSite.Equals("none", StringComparison.OrdinalIgnoreCase))
        {
            // same-site is refused too: another port on localhost is the same site but not this appliance.
            return true;
        }

        if (string.IsNullOrEmpty(origin))
        {
            return false;
        }

        // "null" (a sandboxed frame, a file: page) or another authority. The scheme is not compared: behind a proxy that
        // ends TLS the appliance sees http for the page's https origin.
        return !Uri.TryCreate(origin, UriKind.Absolute, out var uri) || !uri.Authority.Equals(host, StringComparison.OrdinalIgnoreCase)
            && !(uri.IsDefaultPort && uri.Host.Equals(host, StringComparison.OrdinalIgnoreCase));
    }
}
