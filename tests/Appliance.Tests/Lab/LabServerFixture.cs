using Appliance.Lab;

namespace Appliance.Tests.Lab;

/// <summary>One lab web per test class, on a free port, with no added latency (tests assert behaviour, not time).</summary>
public sealed class LabServerFixture : IAsyncLifetime
{
    public LabOptions Options { get; } = new() { Port = 0, LatencyMedianMs = 0, PlainHttp = true };

    public LabServer Server { get; private set; } = null!;

    /// <summary>Redirects are followed by hand, so the tests see every hop.</summary>
    public HttpClient Client { get; } = new(new SocketsHttpHandler { AllowAutoRedirect = false, AutomaticDecompression = System.Net.DecompressionMethods.None });

    public async Task InitializeAsync() => Server = await LabServer.StartAsync(Options);

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }

    /// <summary>The first site with <paramref name="fault"/> under this fixture's options.</summary>
    public int FirstSite(string fault, Func<LabTruth, bool>? also = null) =>
        Enumerable.Range(0, 20_000).First(i => LabWeb.Truth(Options.Seed, i, Options) is var t && t.Fault == fault && (also?.Invoke(t) ?? true));

    public LabTruth Truth(int index) => LabWeb.Truth(Options.Seed, index, Options);
}
