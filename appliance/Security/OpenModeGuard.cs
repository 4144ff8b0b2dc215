using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Appliance.Security;

/// <summary>
/// With no API key configured, stops the daemon once the server has started if any address it actually bound is not
/// loopback, whichever setting put it there (<c>Urls</c>, <c>--urls</c>, <c>Kestrel:Endpoints</c>, <c>Telemetry:MetricsUrl</c>,
/// <c>ASPNETCORE_URLS</c>). Until it has stopped, <see cref="RequestGuardMiddleware"/> refuses every request on such an address.
/// </summary>
public sealed class OpenModeGuard(ApiKeys keys, IServer server) : IHostedLifecycleService
{
    public Task StartedAsync(CancellationToken cancellationToken)
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var exposed = keys.Open ? NonLoopback(addresses).ToList() : [];
        if (exposed.Count > 0)
        {
            throw new OptionsValidationException(ApiOptions.Section, typeof(ApiOptions),
                [$"{ApiOptions.Section}:{nameof(ApiOptions.KeyHashes)}: no API key is configured, so the appliance may listen on loopback only, but it bound {string.Join(", ", exposed)}"]);
        }

        return Task.CompletedTask;
    }

    /// <summary>The bound addresses that are not loopback (Kestrel reports <c>http://[::]:8000</c> for every interface).</summary>
    public static IEnumerable<string> NonLoopback(IEnumerable<string> addresses) =>
        addresses.Where(a => !LocalAddresses.IsLoopbackUrl(a) && !a.StartsWith("http://unix:", StringComparison.OrdinalIgnoreCase)
            && !a.StartsWith("https://unix:", StringComparison.OrdinalIgnoreCase));

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
