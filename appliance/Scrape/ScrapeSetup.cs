using Appliance.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Appliance.Scrape;

public static class ScrapeSetup
{
    public static IServiceCollection AddScrape(this IServiceCollection services)
    {
        services.AddOptions<ScrapeOptions>().BindConfiguration(ScrapeOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<DnsResolver>();
        services.AddSingleton<PageFetcher>();
        services.AddSingleton<RobotsCache>();
        services.AddSingleton<PageScraper>();
        services.AddSingleton<ScrapeLimiter>();
        services.TryAddSingleton<DatabaseRetry>();
        services.AddSingleton<ScrapeStore>();
        services.AddTransient<ScrapeChunkRunner>();
        services.AddTransient<ScrapeJob>();
        services.AddTransient<ScrapeDispatcher>();
        services.AddSingleton<ExportWriter>();
        return services;
    }
}
