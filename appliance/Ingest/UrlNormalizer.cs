using System.Globalization;

namespace Appliance.Ingest;

/// <summary>A lead's website, cleaned for fetching and for grouping by host.</summary>
public readonly record struct NormalizedUrl(string Url, string Host);

/// <summary>
/// Turns what people type in a "website" column into a fetchable URL: adds <c>https://</c>
/// when the scheme is missing, lower-cases the host and converts IDN to punycode, drops the
/// fragment and a default port. Only http and https are accepted, and a host needs a dot
/// (or is an IP address), so "n/a" or "-" is rejected rather than fetched.
/// </summary>
public static class UrlNormalizer
{
    private static readonly IdnMapping Idn = new();

    public static bool TryNormalize(string raw, out NormalizedUrl result, out string error)
    {
        result = default;
        var text = raw.Trim();
        if (text.Length == 0)
        {
            error = "the URL is empty";
            return false;
        }

        if (text.Any(char.IsWhiteSpace))
        {
            error = "the URL contains spaces";
            return false;
        }

        var schemeEnd = text.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0)
        {
            if (text.StartsWith("//", StringComparison.Ordinal))
            {
                text = "https:" + text;
            }
            else if (LooksLikeOtherScheme(text))
            {
                error = $"only http and https URLs can be fetched, not '{text[..text.IndexOf(':')]}:'";
                return false;
            }
            else
            {
                text = "https://" + text;
            }
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri))
        {
            error = "the URL cannot be parsed";
            return false;
        }

        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
        {
            error = $"only http and https URLs can be fetched, not '{uri.Scheme}:'";
            return false;
        }

        string host;
        try
        {
            host = uri.HostNameType == UriHostNameType.Dns ? Idn.GetAscii(uri.Host.TrimEnd('.')).ToLowerInvariant() : uri.Host.ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            error = "the host name is not a valid internationalised domain name";
            return false;
        }

        var isIp = uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6;
        if (!isIp && (!host.Contains('.') || host.StartsWith('.') || host.Contains("..")))
        {
            error = $"'{uri.Host}' is not a domain name";
            return false;
        }

        var port = uri.IsDefaultPort ? "" : ":" + uri.Port.ToString(CultureInfo.InvariantCulture);
        var path = uri.GetComponents(UriComponents.PathAndQuery, UriFormat.UriEscaped);
        result = new NormalizedUrl($"{uri.Scheme}://{host}{port}{path}", host);
        error = "";
        return true;
    }

    // "mailto:x@y", "ftp:..." but not "example.com:8080/path".
    private static bool LooksLikeOtherScheme(string text)
    {
        var colon = text.IndexOf(':');
        if (colon <= 0)
        {
            return false;
        }

        var scheme = text.AsSpan(0, colon);
        var rest = text.AsSpan(colon + 1);
        var isPort = rest.Length > 0 && char.IsAsciiDigit(rest[0]);
        return !isPort && !scheme.Contains('.') && char.IsAsciiLetter(scheme[0]);
    }
}
