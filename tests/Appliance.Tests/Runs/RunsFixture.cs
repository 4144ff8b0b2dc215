using Microsoft.Extensions.DependencyInjection;
using System.Text;
using Appliance.Lab;
using Appliance.Tests.Support;

namespace Appliance.Tests.Runs;

/// <summary>The daemon's composition over a fresh database, and a lab web with no added latency, for measured runs and sweeps.</summary>
public sealed class RunsFixture : IAsyncLifetime
{
    private readonly DatabaseFixture _db = new();
    private readonly TempDirectory _state = new();

    public ApplianceServer Server { get; private set; } = null!;

    public LabServer Lab { get; private set; } = null!;

    public DatabaseFixture Db => _db;

    public HttpClient Client { get; private set; } = null!;

    public T Get<T>() where T : notnull => Server.App.Services.GetRequiredService<T>();

    public async Task InitializeAsync()
    {
        await _db.InitializeAsync();
        Lab = await LabServer.StartAsync(new LabOptions { Port = 0, Seed = 11, LatencyMedianMs = 0 });
        Server = await Program.BuildWebAppAsync(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = _db.ConnectionString,
            ["StateDirectory"] = _state.Path,
            ["Urls"] = "http://127.0.0.1:0",
            ["Scrape:AllowedNetworks:0"] = "127.0.0.0/8",
            ["Scrape:RequestTimeoutMs"] = "1500",
            ["Scrape:ChunkSize"] = "100",
            ["Generate:Generator"] = "template",
            ["Generate:ChunkSize"] = "100",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        await Server.StartAsync();
        Client = new HttpClient { BaseAddress = new Uri(Server.Addresses.Single()), Timeout = TimeSpan.FromSeconds(30) };
    }

    public string WriteLeads(int rows, int seed = 11, int firstSite = 0)
    {
        var path = Path.Combine(_state.Path, $"leads-{rows}-{seed}-{firstSite}.csv");
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        LeadFileGenerator.Write(writer, rows, seed, progress: null, withBadRows: true, Lab.Port, sites: 0, firstSite);
        return path;
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
        await Lab.DisposeAsync();
        await _db.DisposeAsync();
        _state.Dispose();
    }
}
