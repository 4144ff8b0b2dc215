using System.Globalization;
using System.Text;
using Appliance.Lab;

namespace Appliance.Cli;

/// <summary>What a measured CLI run needs: which generator, which concurrency, and whether the lab simulates the web and the LLM.</summary>
public sealed record RunSessionOptions
{
    /// <summary><c>template</c>, <c>lab</c> (the lab's simulated LLM through the real OpenAI client) or <c>openai</c> (the configured <c>Llm</c> endpoint).</summary>
    public string? Generator { get; init; }

    public int? ScrapeConcurrency { get; init; }

    public int? GenerateConcurrency { get; init; }

    /// <summary>Start the lab's web (lead files point at it) and let the scraper reach loopback.</summary>
    public bool LabWeb { get; init; }

    /// <summary>Extra <c>appliance lab serve</c> options.</summary>
    public IReadOnlyList<string> LabArguments { get; init; } = [];
}

/// <summary>
/// The daemon, in this process on a loopback port, plus the lab in a child process when asked: what
/// <c>run</c>, <c>sweep</c> and <c>demo</c> measure. Logs go to stderr so stdout keeps the result.
/// </summary>
public sealed class RunSession : IAsyncDisposable
{
    private RunSession(ApplianceServer server, LabProcess? lab, RunSessionOptions options)
    {
        Server = server;
        Lab = lab;
        Options = options;
    }

    public ApplianceServer Server { get; }

    public LabProcess? Lab { get; }

    public RunSessionOptions Options { get; }

    public bool LabLlm => Options.Generator == "lab";

    public T Get<T>() where T : notnull => Server.App.Services.GetRequiredService<T>();

    public static async Task<RunSession> StartAsync(RunSessionOptions options, CancellationToken ct, IDictionary<string, string?>? extra = null)
    {
        var generator = options.Generator ?? (options.LabWeb ? "lab" : null);
        options = options with { Generator = generator };
        var lab = options.LabWeb || generator == "lab" ? await LabProcess.StartAsync(options.LabArguments, ct) : null;
        try
        {
            var overrides = new Dictionary<string, string?>
            {
                ["Urls"] = "http://127.0.0.1:0",
                ["Logging:LogLevel:Default"] = "Warning",
                ["Logging:Console:LogToStandardErrorThreshold"] = "Trace",
            };
            if (options.LabWeb)
            {
                // The lab's sites are on loopback at the lab's port: that and nothing else besides the public web.
                overrides["Scrape:AllowedNetworks:0"] = string.Create(CultureInfo.InvariantCulture, $"127.0.0.0/8:{lab!.Port}");
            }

            switch (generator)
            {
                case "template":
                    overrides["Generate:Generator"] = "template";
                    break;
                case "lab":
                    overrides["Generate:Generator"] = "llm";
                    overrides["Llm:BaseUrl"] = lab!.LlmBaseUrl;
                    overrides["Llm:Model"] = LabLlmOptions.Model;
                    overrides["Llm:ApiKey"] = "lab";
                    break;
                case "openai" or "llm":
                    overrides["Generate:Generator"] = "llm";
                    break;
                case null:
                    break;
                default:
                    throw new CliUsageException($"--generator: unknown generator '{generator}': use template, llm or lab");
            }

            if (options.ScrapeConcurrency is { } s)
            {
                overrides["Scrape:Concurrency"] = s.ToString(CultureInfo.InvariantCulture);
            }

            if (options.GenerateConcurrency is { } g)
            {
                overrides["Generate:Concurrency"] = g.ToString(CultureInfo.InvariantCulture);
            }

            foreach (var (k, v) in extra ?? new Dictionary<string, string?>())
            {
                overrides[k] = v;
            }

            var server = await Program.BuildWebAppAsync(overrides, ct);
            await server.StartAsync(ct);
            return new RunSession(server, lab, options);
        }
        catch
        {
            if (lab is not null)
            {
                await lab.DisposeAsync();
            }

            throw;
        }
    }

    /// <summary>Writes a lab leads file of <paramref name="rows"/> rows under the state directory and returns its path.</summary>
    public string WriteLabLeads(int rows, int seed, bool withBadRows = true, int firstSite = 0)
    {
        var lab = Lab ?? throw new InvalidOperationException("the lab is not running");
        var dir = Path.Combine(Server.App.Services.GetRequiredService<Storage.StatePaths>().Root, "lab");
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, string.Create(CultureInfo.InvariantCulture, $"lab-leads-{rows}-{seed}-{Guid.NewGuid():N}.csv"));
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        LeadFileGenerator.Write(writer, rows, seed, progress: null, withBadRows, lab.Port, sites: 0, firstSite);
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        if (Lab is not null)
        {
            await Lab.DisposeAsync();
        }
    }
}
