using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Appliance.Lab;

/// <summary>
/// The lab web in-process: Kestrel listeners on 0.0.0.0 — plain HTTP on <c>Port</c>, HTTPS on <c>HttpsPort</c>
/// with a certificate per site signed by the lab's CA (<see cref="LabTls"/>) — that answer for every 127.x.y.z
/// (Linux routes all of 127/8 to lo) and drop, before any HTTP or TLS, every connection that arrived on a
/// non-loopback address, so the lab is never reachable from outside the host; and a DNS server on
/// 127.0.0.1:<c>DnsPort</c> that names the sites (<see cref="LabDnsServer"/>). 127.0.0.1, which is no site, also
/// serves the lab LLM under <c>/v1/</c>.
/// </summary>
public sealed class LabServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly CancellationTokenSource stopping;
    private readonly LabDnsServer dns;
    private readonly LabTls tls;
    private readonly LabCertificates certificates;
    private readonly bool ownsCaFile;
    private readonly LabOptions options;

    private LabServer(WebApplication app, CancellationTokenSource stopping, LabOptions options, (int Http, int Https) ports, LabLlmStats llmStats, LabDnsServer dns, LabTls tls, LabCertificates certificates, string caFile, bool ownsCaFile)
    {
        this.app = app;
        this.stopping = stopping;
        this.options = options;
        this.dns = dns;
        this.tls = tls;
        this.certificates = certificates;
        this.ownsCaFile = ownsCaFile;
        Port = ports.Http;
        HttpsPort = ports.Https;
        CaCertificateFile = caFile;
        LlmStats = llmStats;
    }

    /// <summary>The bound port (the chosen one when the options said 0).</summary>
    public int Port { get; }

    /// <summary>The HTTPS listener's bound port.</summary>
    public int HttpsPort { get; }

    /// <summary>The DNS server's port on 127.0.0.1 (UDP and TCP).</summary>
    public int DnsPort => dns.Port;

    /// <summary>For <c>Scrape:DnsServers</c>.</summary>
    public string DnsServer => string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{DnsPort}");

    /// <summary>The lab CA's certificate (PEM), for <c>Scrape:ExtraRootCertificatesFile</c>.</summary>
    public string CaCertificateFile { get; }

    /// <summary>DNS queries the lab has received.</summary>
    public long DnsQueries => dns.Queries;

    /// <summary>TLS leaves the lab has made, ahead (<see cref="PrepareCertificates"/>) or on a site's first handshake.</summary>
    public long CertificatesIssued => certificates.Issued;

    /// <summary>TLS handshakes the lab's HTTPS listener has begun (ClientHellos received).</summary>
    public long TlsHandshakes => tls.Handshakes;

    /// <summary>A site's home page as lead files give it: by name over HTTPS, or by address over HTTP with <c>Lab:PlainHttp</c>.</summary>
    public Uri SiteUrl(int index) => new(LabWeb.HomeUrl(options.Seed, index, options.PlainHttp, Port, HttpsPort));

    /// <summary>
    /// Issues the TLS leaves of these sites now, on every core, instead of on each site's first handshake (about 1 ms of
    /// CPU a site: a key, a signature and .NET's chain build for the server's certificate context). The internet's
    /// certificates exist before a scraper arrives; a throughput benchmark calls this before its timed part so that the
    /// lab's issuing does not compete with the scraper for the same cores. At most <see cref="LabCertificates.MaxPrepared"/> sites;
    /// the lab then keeps that many leaves instead of its usual few (<see cref="LabCertificates.DefaultCapacity"/>).
    /// </summary>
    public int PrepareCertificates(IEnumerable<int> sites)
    {
        var distinct = sites.Distinct().Take(LabCertificates.MaxPrepared).ToArray();
        certificates.Reserve(distinct.Length);
        Parallel.ForEach(distinct, tls.Prepare);
        return distinct.Length;
    }

    /// <summary>The configuration a scraper needs to reach this lab: its DNS server, its CA, and loopback allowed.</summary>
    public IReadOnlyDictionary<string, string?> ScrapeSettings() => LabWeb.ScrapeSettings(DnsServer, CaCertificateFile, Port, HttpsPort);

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
        var stopping = new CancellationTokenSource();
        var certificates = new LabCertificates();
        var ownsCaFile = options.CaCertificateFile is null;
        var caFile = options.CaCertificateFile ?? Path.Combine(Path.GetTempPath(), $"appliance-lab-ca-{Environment.ProcessId}-{Guid.NewGuid():N}.pem");
        certificates.WriteAuthority(caFile);
        var tls = new LabTls(options, certificates, time, stopping.Token);
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
            kestrel.Listen(IPAddress.Any, options.HttpsPortOrDefault, listen =>
            {
                listen.Protocols = HttpProtocols.Http1;
                listen.Use(LoopbackOnly);
                listen.UseHttps(tls.Callback);
            });
        });

        // Thousands of scraper connections open within a second; the default backlog of 512 would drop SYNs.
        builder.WebHost.UseSockets(sockets => sockets.Backlog = 4096);
        var app = builder.Build();
        var llm = new LabLlmEndpoint(options.Llm, time, stopping.Token);
        app.Run(new LabRequestHandler(options, time, stopping.Token, llm).HandleAsync);
        LabDnsServer? dns = null;
        try
        {
            await app.StartAsync(ct);
            dns = LabDnsServer.Start(options, time);
        }
        catch
        {
            await app.DisposeAsync();
            stopping.Dispose();
            certificates.Dispose();
            if (ownsCaFile)
            {
                File.Delete(caFile);
            }

            throw;
        }

        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Select(a => new Uri(a)).ToList();
        var ports = (addresses.First(a => a.Scheme == "http").Port, addresses.First(a => a.Scheme == "https").Port);
        return new LabServer(app, stopping, options, ports, llm.Stats, dns, tls, certificates, caFile, ownsCaFile);
    }

    public async ValueTask DisposeAsync()
    {
        // Hangs, drips and stalled handshakes wait on this too: without it, stopping would wait out Kestrel's shutdown timeout.
        await stopping.CancelAsync();
        await dns.DisposeAsync();
        await app.StopAsync();
        await app.DisposeAsync();
        stopping.Dispose();
        certificates.Dispose();
        if (ownsCaFile)
        {
            File.Delete(CaCertificateFile);
        }
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
