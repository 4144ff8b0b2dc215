using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;

namespace Appliance.Tests.Support;

/// <summary>A server that reports the addresses it was given as bound, and serves nothing: what a check after start reads.</summary>
public sealed class BoundServer : IServer
{
    public BoundServer(params string[] addresses)
    {
        var feature = new ServerAddressesFeature();
        foreach (var a in addresses)
        {
            feature.Addresses.Add(a);
        }

        Features.Set<IServerAddressesFeature>(feature);
    }

    public IFeatureCollection Features { get; } = new FeatureCollection();

    public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken) where TContext : notnull => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
    }
}
