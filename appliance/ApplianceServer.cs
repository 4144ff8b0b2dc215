using Appliance.Storage;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Appliance;

/// <summary>The built daemon with the database it owns; stopping it stops the web host first, then the database.</summary>
public sealed class ApplianceServer(WebApplication app, Database database) : IAsyncDisposable
{
    private readonly IHostApplicationLifetime _lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
    private bool _ran;

    public WebApplication App { get; } = app;

    public Database Database { get; } = database;

    /// <summary>The addresses Kestrel actually bound (useful with port 0).</summary>
    public IReadOnlyCollection<string> Addresses =>
        App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToArray() ?? [];

    /// <summary>Runs until stopped (SIGTERM, Ctrl+C); the host disposes itself on the way out.</summary>
    public async Task RunAsync()
    {
        try
        {
            await App.RunAsync();
        }
        finally
        {
            _ran = true;
        }
    }

    public Task StartAsync(CancellationToken ct = default) => App.StartAsync(ct);

    public async ValueTask DisposeAsync()
    {
        if (!_ran)
        {
            // A host that never started (a start-up error) has nothing to stop, and StopAsync would throw.
            if (_lifetime.ApplicationStarted.IsCancellationRequested)
            {
                await App.StopAsync();
            }

            await App.DisposeAsync();
        }

        await Database.DisposeAsync();
    }
}
