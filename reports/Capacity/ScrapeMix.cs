namespace Appliance.Reports.Capacity;

/// <summary>
/// The shape of a file as the scrape stage sees it. Duplicate URLs are cache hits (one fetch serves every lead
/// on the URL), so the work is distinct URLs, not rows. A file crowding onto few hosts is limited by those
/// hosts' politeness, not by global concurrency.
/// </summary>
/// <param name="FetchesPerRow">Distinct URLs ÷ rows (1 when every lead has its own site).</param>
/// <param name="DistinctHosts">Hosts in the file: with <see cref="HostLimits.MaxConnectionsPerHost"/> they cap useful concurrency.</param>
/// <param name="LargestHostShare">The busiest host's share of fetches.</param>
public sealed record ScrapeMix(double FetchesPerRow, long DistinctHosts, double LargestHostShare, FailureMix Failures)
{
    public static ScrapeMix From(long rows, long distinctUrls, long distinctHosts, long largestHostFetches, FailureMix failures) =>
        new(rows > 0 ? (double)distinctUrls / rows : 0, distinctHosts, distinctUrls > 0 ? (double)largestHostFetches / distinctUrls : 0, failures);

    public void Validate()
    {
        if (!(FetchesPerRow > 0) || FetchesPerRow > 1 + 1e-9)
        {
            throw new ArgumentOutOfRangeException(nameof(FetchesPerRow), FetchesPerRow, "Fetches per row must be in (0, 1].");
        }

        if (DistinctHosts < 1 || !(LargestHostShare > 0) || LargestHostShare > 1 + 1e-9)
        {
            throw new ArgumentOutOfRangeException(nameof(LargestHostShare), "A file needs at least one host and a largest-host share in (0, 1].");
        }

        Failures.Validate();
    }
}

/// <summary>Per-host politeness (<c>Scrape:MaxConnectionsPerHost</c>, <c>Scrape:PerHostDelayMs</c> as seconds).</summary>
public sealed record HostLimits(int MaxConnectionsPerHost, double PerHostDelaySeconds);
