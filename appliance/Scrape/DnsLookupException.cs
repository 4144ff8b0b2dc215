namespace Appliance.Scrape;

/// <summary>A name that did not resolve, with the <see cref="FailureReason"/> that says how (<c>dns_nxdomain</c>, <c>dns_timeout</c>…).</summary>
public sealed class DnsLookupException(string reason, string message) : Exception(message)
{
    public string Reason { get; } = reason;
}
