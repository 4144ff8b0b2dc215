using System.Net.Http.Headers;
using System.Text;
using Appliance.Lab;
using Appliance.Security;
using Appliance.Tests.Support;

namespace Appliance.Tests.Web;

/// <summary>
/// The daemon with one API key, over a fresh database, a lab web with no added latency (short request timeout and the
/// template generator, so an upload of a few dozen leads is through every stage in seconds), and one headless Chromium.
/// </summary>
public sealed class WebFixture : IAsyncLifetime
{
    private readonly DatabaseFixture _db = new();
    private readonly TempDirectory _state = new();

    public string Key { get; } = ApiKeys.NewKey();

    public ApplianceServer Server { get; private set; } = null!;

    public LabServer Lab { get; private set; } = null!;

    public string BaseUrl { get; private set; } = null!;

    /// <summary>An HTTP client that sends the key.</summary>
    public HttpClient Client { get; private set; } = null!;

    public Browser Browser { get; private set; } = null!;

    public string StateDirectory => _state.Path;

    public async Task InitializeAsync()
    {
        await _db.InitializeAsync();
        Lab = await LabServer.StartAsync(new LabOptions { Port = 0, Seed = 17, LatencyMedianMs = 0 });
        Server = await Program.BuildWebAppAsync(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = _db.ConnectionString,
            ["StateDirectory"] = _state.Path,
            ["Urls"] = "http://127.0.0.1:0",
            ["Api:KeyHashes:0"] = ApiKeys.Hash(Key),
            ["Scrape:AllowedNetworks:0"] = "127.0.0.0/8",
            ["Api:LabRuns"] = "true",
            ["Scrape:RequestTimeoutMs"] = "1500",
            ["Scrape:ChunkSize"] = "20",
            ["Generate:Generator"] = "template",
            ["Generate:ChunkSize"] = "20",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        await Server.StartAsync();
        BaseUrl = Server.Addresses.Single().TrimEnd('/');
        Client = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(60) };
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        Browser = new Browser(Path.Combine(_state.Path, "downloads"));
    }

    /// <summary>Opens the page in a fresh tab state and signs in through the form.</summary>
    public void OpenSignedIn()
    {
        Browser.Driver.Navigate().GoToUrl(BaseUrl + "/");
        Browser.Driver.ExecuteScript("sessionStorage.clear()");
        Browser.Driver.Navigate().Refresh();
        Browser.WaitFor(_ => Browser.Find("sign-in").Displayed, "the sign-in form");
        Browser.Find("api-key").SendKeys(Key);
        Browser.Find("sign-in-form").Submit();
        Browser.WaitFor(_ => Browser.Find("app").Displayed, "the app after signing in");
    }

    /// <summary>A lab leads file with some bad rows, its sites numbered from <paramref name="firstSite"/>.</summary>
    public string WriteLeads(int rows, int seed, int firstSite)
    {
        var path = Path.Combine(_state.Path, $"leads-{rows}-{seed}-{firstSite}.csv");
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        LeadFileGenerator.Write(writer, rows, seed, progress: null, withBadRows: true, Lab.Port, sites: 0, firstSite);
        return path;
    }

    public async Task DisposeAsync()
    {
        Browser.Dispose();
        Client.Dispose();
        await Server.DisposeAsync();
        await Lab.DisposeAsync();
        await _db.DisposeAsync();
        _state.Dispose();
    }
}
