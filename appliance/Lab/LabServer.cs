using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Appliance.Lab;

/// <summary>
/// The lab web in-process: one Kestrel listener on 0.0.0.0:port that answers for every
/// 127.x.y.z (Linux routes all of 127/8 to lo) and drops, before any HTTP, every connection that
/// arrived on a non-loopback address, so the lab is never reachable from outside the host.
/// 127.0.0.1, which is no site, also serves the lab LLM under <c>/v1/</c>.
/// </summary>
public sealed class LabServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly CancellationTokenSource stopping;

    private LabServer(WebApplication app, CancellationTokenSource stopping, int port, LabLlmStats llmStats)
    {
        this.app = app;
        this.stopping = stopping;
        Port = port;
        LlmStats = llmStats;
    }

    /// <summary>The bound port (the chosen one when the options said 0).</summary>
    public int Port { get; }

    public Uri SiteUrl(int index) => new(string.Create(CultureInfo.InvariantCulture, $"http://{LabAddresses.HostForSite(index)}:{Port}/"));

    public Uri TruthUrl(int index) => new(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{Port}{LabTruthEndpoint.Path}?site={index}"));

    /// <summary>The lab LLM's OpenAI-compatible base URL, for <c>Llm:BaseUrl</c>.</summary>
    public string LlmBaseUrl => string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{Port}/v1");

    /// <summary>What the lab LLM has answered so far (requests, 429s, tokens), live.</summary>
    public LabLlmStats LlmStats { get; }

    public static Task<LabServer> StartAsync(LabOptions options, CancellationToken ct = default) => StartAsync(options, TimeProvider.System, ct);

    /// <param name="time">Drives the added latency and the hostile servers' waits.</param>
    public static async Task<LabServer> StartAsync(LabOptions options, TimeProvider time, CancellationToken ct = default)
    {
        options.ThrowIfInvalid();
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxConcurrentConnections = null;

            // Apache's default. A scraper visits each site about once, so idle keep-alive
            // connections are pure cost: at 75 s (nginx) a fast scrape would hold tens of
            // thousands of sockets open and run the process out of file descriptors.
            kestrel.Limits.KeepAliveTimeout = TimeSpan.FromSeconds(5);
            kestrel.Listen(IPAddress.Any, options.Port, listen =>
            {
                listen.Protocols = HttpProtocols.Http1;
                listen.Use(LoopbackOnly);
            });
        });

        // Thousands of scraper connections open within a second; the default backlog of 512 would drop SYNs.
        builder.WebHost.UseSockets(sockets => sockets.Backlog = 4096);
        var app = builder.Build();
        var stopping = new CancellationTokenSource();
        var llm = new LabLlmEndpoint(options.Llm, time, stopping.Token);
        app.Run(new LabRequestHandler(options, time, stopping.Token, llm).HandleAsync);
        try
        {
            await app.StartAsync(ct);
        }
        catch
        {
            await app.DisposeAsync();
            stopping.Dispose();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new LabServer(app, stopping, new Uri(address).Port, llm.Stats);
    }

    public async ValueTask DisposeAsync()
    {
        // Hangs and drips wait on this too: without it, stopping would wait out Kestrel's shutdown timeout.
        await stopping.CancelAsync();
        await app.StopAsync();
        await app.DisposeAsync();
        stopping.Dispose();
    }

    private static ConnectionDelegate LoopbackOnly(ConnectionDelegate next) => connection =>
    {
        if (connection.LocalEndPoint is IPEndPoint local && IPAddress.IsLoopback(local.Address))
        {
            return next(connection);
        }

        connection.Abort(new ConnectionAbortedException("The lab web answers on loopback addresses only."));
        return Task.CompletedTask;
    };
}
