namespace Appliance.Ingest;

public static class IngestSetup
{
    public static IServiceCollection AddIngest(this IServiceCollection services)
    {
        services.AddOptions<IngestOptions>().BindConfiguration(IngestOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<UploadIngestor>();
        services.AddHostedService<UploadRetention>();
        return services;
    }
}
