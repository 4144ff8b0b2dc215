using Appliance.Storage;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Appliance;

/// <summary>The built daemon with the database it owns; stopping it stops the web host first, then the database.</summary>
public sealed class ApplianceServer(WebApplication app, Database database) : IAsyncDisposable
{
    public WebApplication App { get; } = app;

    public Database Database { get; } = database;

    /// <summary>The addresses Kestrel actually bound (useful with port 0).</summary>
    public IReadOnlyCollection<string> Addresses =>
        App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToArray() ?? [];

    public Task RunAsync() => App.RunAsync();

    public Task StartAsync(CancellationToken ct = default) => App.StartAsync(ct);

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        await Database.DisposeAsync();
    }
}
