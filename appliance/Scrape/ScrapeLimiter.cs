using Appliance.Jobs;
using Microsoft.Extensions.Options;

namespace Appliance.Scrape;

/// <summary>Fetches in flight in this process (<c>Scrape:Concurrency</c>), across all scrape chunks.</summary>
public sealed class ScrapeLimiter(IOptions<ScrapeOptions> options) : InFlightLimiter(options.Value.Concurrency);
