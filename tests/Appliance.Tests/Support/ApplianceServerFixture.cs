namespace Appliance.Tests.Support;

/// <summary>
/// The real daemon (<c>appliance serve</c>'s composition) on a loopback port chosen by the
/// kernel, over a fresh test database, with a 1 MB upload limit so the limit can be tested.
/// </summary>
public sealed class ApplianceServerFixture : IAsyncLifetime
{
    public const long UploadLimit = 1024 * 1024;
    private readonly DatabaseFixture _db = new();
    private readonly TempDirectory _state = new();
    private ApplianceServer _server = null!;

    public HttpClient Client { get; private set; } = null!;

    public string StateDirectory => _state.Path;

    public async Task InitializeAsync()
    {
        await _db.InitializeAsync();
        _server = await Program.BuildWebAppAsync(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = _db.ConnectionString,
            ["StateDirectory"] = _state.Path,
            ["Urls"] = "http://127.0.0.1:0",
            ["Ingest:MaxUploadBytes"] = UploadLimit.ToString(),
            ["Scrape:AllowedNetworks:0"] = "127.0.0.0/8",
            ["Scrape:RequestTimeoutMs"] = "2000",
        });
        await _server.StartAsync();
        Client = new HttpClient { BaseAddress = new Uri(_server.Addresses.Single()), Timeout = TimeSpan.FromSeconds(30) };
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await _server.DisposeAsync();
        await _db.DisposeAsync();
        _state.Dispose();
    }
}
