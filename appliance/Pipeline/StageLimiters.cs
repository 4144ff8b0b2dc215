using Appliance.Generate;
using Appliance.Scrape;
using Microsoft.Extensions.Options;

namespace Appliance.Pipeline;

/// <summary>Fetches in flight in this process (<c>Scrape:Concurrency</c>), across all scrape chunks.</summary>
public sealed class ScrapeLimiter(IOptions<ScrapeOptions> options) : InFlightLimiter(options.Value.Concurrency);

/// <summary>Messages being generated in this process (<c>Generate:Concurrency</c>), across all generate chunks.</summary>
public sealed class GenerateLimiter(IOptions<GenerateOptions> options) : InFlightLimiter(options.Value.Concurrency);
