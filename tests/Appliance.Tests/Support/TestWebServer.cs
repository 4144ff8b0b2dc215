using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Appliance.Tests.Support;

/// <summary>A real HTTP server on 127.0.0.1 and a kernel-chosen port, answering with the handlers a test maps.</summary>
public sealed class TestWebServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestWebServer(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    public Uri Url(string path) => new(BaseUrl, path);

    public static async Task<TestWebServer> StartAsync(Action<WebApplication> map)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new TestWebServer(app, new Uri(address));
    }

    public static Task Html(HttpContext http, string html, string contentType = "text/html; charset=utf-8")
    {
        http.Response.ContentType = contentType;
        return http.Response.WriteAsync(html);
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
    }
}
