using Appliance.Ingest;
using Appliance.Lab;
using Appliance.Pipeline;
using Appliance.Scrape;
using Appliance.Tests.Support;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Appliance.Tests.Scrape;

/// <summary>
/// The scrape stage against the lab's synthetic web over real loopback sockets, checked against the
/// lab's ground truth: every lead's final state and reason, and the extracted facts of every healthy page —
/// over plain HTTP by address, and over HTTPS by name through the lab's DNS server (its DNS and TLS faults included).
/// </summary>
public sealed class LabScrapeTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    private const int Sites = 400;

    private sealed class Row
    {
        public int RowNumber { get; init; }
        public string NormalizedUrl { get; init; } = "";
        public string ScrapingStatus { get; init; } = "";
        public string? FailureReason { get; init; }
        public short? HttpStatus { get; init; }
        public string? Title { get; init; }
        public string? Description { get; init; }
        public string[]? Emails { get; init; }
        public string[]? Phones { get; init; }
        public string[]? SocialLinks { get; init; }
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, false)]
    [InlineData(false, true)]
    public async Task EveryLeadEndsWithTheLabsOutcome_AndHealthyPagesYieldTheTruth(bool plainHttp, bool certificatesPrepared)
    {
        var labOptions = new LabOptions { Port = 0, Seed = 7, LatencyMedianMs = 0, DnsLatencyMedianMs = 0, PlainHttp = plainHttp };
        await using var lab = await LabServer.StartAsync(labOptions);
        using var dir = new TempDirectory();
        // Every site once, and every tenth site a second time: duplicates must share the fetch.
        var sites = Enumerable.Range(0, Sites).Concat(Enumerable.Range(0, Sites).Where(i => i % 10 == 0)).ToList();
        var path = dir.Write("lab.csv", "website,company\n" + string.Concat(sites.Select(i => $"{lab.SiteUrl(i)},Site {i}\n")));
        var ingestor = new UploadIngestor(db.DataSource, Options.Create(new IngestOptions()), NullLogger<UploadIngestor>.Instance);
        var uploadId = await ingestor.RegisterAsync("lab.csv", 1, path);
        await ingestor.IngestAsync(uploadId, path);
        // Leaves issued ahead (as the scrape benchmark does) must be the ones each site's handshake presents, faulty ones included.
        var prepared = certificatesPrepared ? lab.PrepareCertificates(sites) : 0;
        var issuedBefore = lab.CertificatesIssued;

        var options = Options.Create(new ScrapeOptions
        {
            AllowedNetworks = ["127.0.0.0/8"], RequestTimeoutMs = 20_000, Concurrency = 128, ChunkSize = 100,
            // The lab's resolver and CA, as RunSession sets them. DNS (5 s × 2) + TCP stay inside the connect budget and
            // connect + TLS inside the request's, so each stall ends with its own reason. Loose for a loaded machine: at load
            // 30–60, 2 s lookups and handshakes of healthy sites timed out.
            DnsServers = [lab.DnsServer], ExtraRootCertificatesFile = lab.CaCertificateFile, DnsTimeoutMs = 5000, DnsRetries = 1,
            ConnectTimeoutMs = 14_000, TlsHandshakeTimeoutMs = 5000, HostsFile = "",
        });
        var fetcher = new PageFetcher(options, new DnsResolver(options));
        using var scraper = new PageScraper(fetcher, new RobotsCache(fetcher, options), options, TimeProvider.System);
        var limiter = new ScrapeLimiter(options);
        var ranges = await PipelineParts.States(db.DataSource).PendingScrapeAsync(uploadId, 100, CancellationToken.None);
        await Task.WhenAll(ranges.Select(r => PipelineParts.ScrapeRunner(db.DataSource, scraper, options, limiter).RunAsync(uploadId, r, "test", CancellationToken.None)));

        await using var conn = await db.DataSource.OpenConnectionAsync();
        var rows = (await conn.QueryAsync<Row>("""
            SELECT row_number AS RowNumber, normalized_url AS NormalizedUrl, scraping_status AS ScrapingStatus, failure_reason AS FailureReason,
                   http_status AS HttpStatus, title, description, emails, phones, social_links AS SocialLinks
            FROM websites WHERE file_upload_id = @uploadId ORDER BY row_number
            """, new { uploadId })).ToList();

        Assert.Equal(sites.Count, rows.Count);
        if (certificatesPrepared)
        {
            Assert.Equal(Sites, prepared);
            // Every site that is reached and answers its handshake: not a DNS fault, not a stalled handshake.
            var reached = Enumerable.Range(0, Sites).Count(i => LabNetFault.PresentsLeaf(LabSite.Create(labOptions.Seed, i, labOptions).NetFault));
            Assert.Equal(reached, issuedBefore);
            Assert.Equal(issuedBefore, lab.CertificatesIssued);
        }

        var wrongOutcome = new List<string>();
        int healthy = 0, matching = 0;
        var mismatches = new List<string>();
        foreach (var row in rows)
        {
            Assert.True(LeadFileGenerator.TryGetSiteIndex(row.NormalizedUrl, out var site), row.NormalizedUrl);
            var truth = LabWeb.Truth(labOptions.Seed, site, labOptions);
            if (row.ScrapingStatus != truth.ExpectedStatus || row.FailureReason != truth.FailureReason)
            {
                wrongOutcome.Add($"site {site} ({truth.Fault}): expected {truth.ExpectedStatus}/{truth.FailureReason}, got {row.ScrapingStatus}/{row.FailureReason}");
                continue;
            }

            if (truth.ExpectedStatus != "done")
            {
                continue;
            }

            healthy++;
            var same = row.Title == truth.Title && row.Description == truth.Description
                && (row.Emails ?? []).SequenceEqual(truth.Emails) && (row.Phones ?? []).SequenceEqual(truth.Phones)
                && (row.SocialLinks ?? []).SequenceEqual(truth.SocialLinks);
            if (same)
            {
                matching++;
            }
            else if (mismatches.Count < 5)
            {
                mismatches.Add($"site {site} ({truth.Layout}, {truth.Charset}): title '{row.Title}' vs '{truth.Title}'; emails [{string.Join(",", row.Emails ?? [])}] vs [{string.Join(",", truth.Emails)}]; phones [{string.Join(",", row.Phones ?? [])}] vs [{string.Join(",", truth.Phones)}]; social [{string.Join(",", row.SocialLinks ?? [])}] vs [{string.Join(",", truth.SocialLinks)}]; description '{row.Description}' vs '{truth.Description}'");
            }
        }

        Assert.True(wrongOutcome.Count == 0, string.Join("\n", wrongOutcome.Take(20)));
        Assert.True(healthy > Sites * 0.8, $"only {healthy} healthy pages");
        Assert.True(matching >= healthy * 0.99, $"{matching} of {healthy} healthy pages match the truth:\n{string.Join("\n", mismatches)}");
    }
}
