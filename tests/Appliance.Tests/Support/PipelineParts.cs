using Appliance.Generate;
using Appliance.Pipeline;
using Appliance.Scrape;
using Appliance.Storage;
using Appliance.Telemetry;
using Hangfire;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Appliance.Tests.Support;

/// <summary>The pipeline's parts built by hand over a test database, as the composition builds them.</summary>
public static class PipelineParts
{
    public static DatabaseRetry Retry() => new(NullLogger<DatabaseRetry>.Instance, TimeProvider.System);

    public static LeadStates States(NpgsqlDataSource db) => new(db, Retry());

    public static ChunkRunner<string, ScrapeResult> ScrapeRunner(NpgsqlDataSource db, PageScraper scraper, IOptions<ScrapeOptions> options, ScrapeLimiter? limiter = null) =>
        new(new ScrapeChunks(States(db), scraper, limiter ?? new ScrapeLimiter(options), options, Metrics()), Metrics(), TimeProvider.System,
            NullLogger<ChunkRunner<string, ScrapeResult>>.Instance);

    public static ChunkRunner<LeadFacts, GenerateResult> GenerateRunner(NpgsqlDataSource db, IMessageGenerator generator, IOptions<GenerateOptions> options,
        TimeProvider? time = null) =>
        new(new GenerateChunks(States(db), generator, new GenerateLimiter(options), options, Metrics()), Metrics(), time ?? TimeProvider.System,
            NullLogger<ChunkRunner<LeadFacts, GenerateResult>>.Instance);

    public static HandOff HandOff(NpgsqlDataSource db, IBackgroundJobClient jobs, NodeIdentity? node = null, int scrapeChunk = 1000, int generateChunk = 1000) =>
        new(jobs, States(db), node ?? new NodeIdentity(ClaimOwner.Current, shared: false),
            Options.Create(new ScrapeOptions { ChunkSize = scrapeChunk }), Options.Create(new GenerateOptions { ChunkSize = generateChunk }));

    // One set of meters per process is enough for the tests that build parts by hand: nothing reads them.
    private static readonly Lazy<PipelineMetrics> Shared = new(() => new PipelineMetrics(new TelemetryMeters()));

    public static PipelineMetrics Metrics() => Shared.Value;
}
