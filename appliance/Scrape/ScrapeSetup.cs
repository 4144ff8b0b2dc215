using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Appliance.Scrape;

public static class ScrapeSetup
{
    public static IServiceCollection AddScrape(this IServiceCollection services)
    {
        services.AddOptions<ScrapeOptions>().BindConfiguration(ScrapeOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<AddressGrants>();
        services.AddSingleton<PageFetcher>();
        services.AddSingleton<RobotsCache>();
        services.AddSingleton<PageScraper>();
        return services;
    }
}
