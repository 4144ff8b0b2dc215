namespace Appliance.Web;

/// <summary>The operator's web page at <c>/</c> and the small JSON reads behind it.</summary>
public static class WebSetup
{
    public static IServiceCollection AddWeb(this IServiceCollection services) => services.AddSingleton<HostPanel>().AddSingleton<ModelEta>().AddHostedService<ForecastPublisher>();

    public static IEndpointRouteBuilder MapWeb(this IEndpointRouteBuilder app)
    {
        app.MapWebPage();
        app.MapUploadViews();
        app.MapGet("/api/host", (HostPanel panel) => Results.Ok(panel.Read()));
        return app;
    }
}
