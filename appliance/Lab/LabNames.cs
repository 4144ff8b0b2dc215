using System.Globalization;

namespace Appliance.Lab;

/// <summary>
/// Site index to DNS name and back: <c>www.&lt;company-slug&gt;-s&lt;index&gt;.test</c>. The index in the name keeps
/// names unique (two companies can share a slug) and lets the DNS server, the TLS listener and the request
/// handler find the site without a table; a name whose slug is not the site's own is no site (NXDOMAIN).
/// A CNAME chain for a site runs <c>s&lt;index&gt;.edge.cdn.test</c> → <c>s&lt;index&gt;.origin.cdn.test</c>. <c>.test</c>
/// is reserved (RFC 2606): no real resolver answers for it.
/// </summary>
public static class LabNames
{
    public const string Zone = "test";
    private const string Edge = ".edge.cdn.test";
    private const string Origin = ".origin.cdn.test";

    public static string ForSite(int seed, int index) => ForDomain(LabCompany.Create(seed, index).Domain, index);

    internal static string ForDomain(string domain, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"www.{domain[..domain.IndexOf('.')]}-s{index}.{Zone}");

    public static string EdgeName(int index) => string.Create(CultureInfo.InvariantCulture, $"s{index}{Edge}");

    public static string OriginName(int index) => string.Create(CultureInfo.InvariantCulture, $"s{index}{Origin}");

    /// <summary>The site a name belongs to (its www name, or a hop of its CNAME chain), checked against the seed.</summary>
    public static bool TryGetSiteIndex(string? name, int seed, out int index) => TryParse(name, seed, out index, out _);

    /// <param name="seed">The lab's seed, to check the name's company slug; null reads the index alone (a lead file's URL, seed unknown).</param>
    /// <param name="hop">0 for the www name, 1 for the edge name, 2 for the origin name.</param>
    public static bool TryParse(string? name, int? seed, out int index, out int hop)
    {
        index = -1;
        hop = 0;
        if (string.IsNullOrEmpty(name))
        {
            return false;
        }

        name = name.TrimEnd('.').ToLowerInvariant();
        if (name.EndsWith(Edge, StringComparison.Ordinal) || name.EndsWith(Origin, StringComparison.Ordinal))
        {
            hop = name.EndsWith(Edge, StringComparison.Ordinal) ? 1 : 2;
            var label = name[..name.IndexOf('.')];
            return label.Length > 1 && label[0] == 's' && TryIndex(label.AsSpan(1), out index);
        }

        if (!name.StartsWith("www.", StringComparison.Ordinal) || !name.EndsWith("." + Zone, StringComparison.Ordinal))
        {
            return false;
        }

        var dash = name.LastIndexOf("-s", StringComparison.Ordinal);
        var dot = name.Length - Zone.Length - 1;
        if (dash < 4 || !TryIndex(name.AsSpan(dash + 2, dot - dash - 2), out index) || (seed is { } s && ForSite(s, index) != name))
        {
            index = -1;
            return false;
        }

        return true;
    }

    private static bool TryIndex(ReadOnlySpan<char> digits, out int index) =>
        int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out index) && index < LabAddresses.MaxSites;
}
