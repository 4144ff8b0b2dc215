using Appliance.Lab;
using Appliance.Scrape;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Appliance.Tests.Support;

/// <summary>
/// One lab web per test class reached the way lead files reach it by default: names through the lab's DNS server,
/// HTTPS with the lab CA as the one extra root. No added web or DNS latency; DNS and TLS timeouts short enough that
/// the timeout faults end in a few seconds, loose enough for a loaded machine. The private-address fault is on (these scrapers' policy is set per test).
/// </summary>
public sealed class LabHttpsFixture : IAsyncLifetime
{
    public LabOptions Options { get; } = new() { Port = 0, Seed = 5, LatencyMedianMs = 0, DnsLatencyMedianMs = 0, DnsPrivateAddressRate = 0.01 };

    public LabServer Lab { get; private set; } = null!;

    public async Task InitializeAsync() => Lab = await LabServer.StartAsync(Options);

    public async Task DisposeAsync() => await Lab.DisposeAsync();

    /// <summary>Scrape options that reach this lab, with <paramref name="change"/> applied last.</summary>
    public ScrapeOptions ScrapeOptions(Action<ScrapeOptions>? change = null)
    {
        var options = new ConfigurationBuilder().AddInMemoryCollection(Lab.ScrapeSettings()).Build().GetSection("Scrape").Get<ScrapeOptions>()!;
        options.DnsTimeoutMs = 1_500;
        options.DnsRetries = 1;
        options.ConnectTimeoutMs = 5_000;
        options.TlsHandshakeTimeoutMs = 1_500;
        options.RequestTimeoutMs = 10_000;
        options.MaxRetries = 0;
        options.HostsFile = "";
        change?.Invoke(options);
        return options;
    }

    public PageFetcher Fetcher(Action<ScrapeOptions>? change = null)
    {
        var options = Microsoft.Extensions.Options.Options.Create(ScrapeOptions(change));
        return new PageFetcher(options, new DnsResolver(options));
    }

    /// <summary>The first site whose truth (over HTTPS by name) has <paramref name="fault"/>.</summary>
    public int FirstSite(string fault, Func<int, bool>? also = null) =>
        Enumerable.Range(0, 50_000).First(i => LabWeb.Truth(Options.Seed, i, Options).Fault == fault && (also?.Invoke(i) ?? true));

    internal int FirstSite(LabDnsShape shape) =>
        FirstSite(LabFault.None, i => LabSite.Create(Options.Seed, i, Options).DnsShape == shape);

    public LabTruth Truth(int index) => LabWeb.Truth(Options.Seed, index, Options);
}
