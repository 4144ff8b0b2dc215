using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Connections.Features;

namespace Appliance.Lab;

/// <summary>
/// Answers every request of the lab web: the site is the connection's local address, the added
/// latency comes first (robots.txt included), then the site's fault decides the answer. Hostile
/// answers wait on the request's cancellation, so a client that gives up frees them at once.
/// </summary>
internal sealed class LabRequestHandler(LabOptions options, TimeProvider time, CancellationToken stopping, LabLlmEndpoint llm)
{
    /// <summary>No hostile server holds a connection longer than this, whatever the client does.</summary>
    private static readonly TimeSpan HostileCap = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan DripInterval = TimeSpan.FromMilliseconds(200);
    private static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n");

    private readonly LabLatency latency = new(options);

    public async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        if (path.StartsWith("/_lab/", StringComparison.Ordinal))
        {
            await LabTruthEndpoint.WriteAsync(context, options);
            return;
        }

        // By name first (Host header; SNI chose the certificate): a name with several A records is one site on each.
        if (!LabNames.TryGetSiteIndex(context.Request.Host.Host, options.Seed, out var index)
            && !LabAddresses.TryGetSiteIndex(context.Connection.LocalIpAddress, out index))
        {
            // Not a site: the LLM has no added latency of its own beyond its simulated generation time.
            if (path.StartsWith(LabLlmEndpoint.Prefix, StringComparison.Ordinal))
            {
                await llm.HandleAsync(context);
                return;
            }

            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync(
                $"Appliance lab web. Sites answer on 127.16.0.0 and up, e.g. http://{LabAddresses.HostForSite(0)}:{context.Connection.LocalPort}/; truth at {LabTruthEndpoint.Path}?site=0; LLM at /v1/chat/completions\n");
            return;
        }

        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        try
        {
            var delay = latency.Sample(Random.Shared);
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, time, cancel.Token);
            }

            var site = LabSite.Create(options.Seed, index, options);
            await (path == "/robots.txt" ? RobotsAsync(context, site) : PageAsync(context, site, path, cancel.Token));
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            // The client went away (or the lab is stopping): nothing is owed to anyone.
            context.Abort();
        }
    }

    private static Task RobotsAsync(HttpContext context, LabSite site)
    {
        var text = LabRobots.Text(site);
        context.Response.StatusCode = text is null ? 404 : 200;
        context.Response.ContentType = "text/plain";
        return context.Response.WriteAsync(text ?? "Not found\n");
    }

    private Task PageAsync(HttpContext context, LabSite site, string path, CancellationToken ct) => site.Fault switch
    {
        LabFault.NotFound => WriteAsync(context, LabPages.Render(options.Seed, site, "/404"), ct),
        LabFault.ServerError => WriteAsync(context, new LabDocument(500, "text/html; charset=utf-8", Encoding.UTF8.GetBytes("<!DOCTYPE html><html><head><title>500 Internal Server Error</title></head><body><h1>Internal Server Error</h1></body></html>")), ct),
        LabFault.RedirectChain => RedirectChainAsync(context, site, path, ct),
        LabFault.RedirectLoop => RedirectAsync(context, 302, path switch { "/" => "/loop/a", "/loop/a" => "/loop/b", _ => "/" }, absolute: false, ct),
        LabFault.Hang => HangAsync(context, ct),
        LabFault.SlowDrip => DripAsync(context, site, ct),
        LabFault.NotHtml => WriteAsync(context, new LabDocument(200, "application/pdf", Pdf), ct),
        LabFault.GzipBomb => WriteAsync(context, new LabDocument(200, "text/html; charset=utf-8", LabGzipBomb.Bytes) { ContentEncoding = "gzip" }, ct),
        LabFault.Reset => ResetAsync(context),
        _ => WriteAsync(context, LabPages.Render(options.Seed, site, path), ct),
    };

    /// <summary>"/" → /go/1 (→ /go/2) → /en/, which serves the home page: 2 or 3 hops, some Locations absolute.</summary>
    private Task RedirectChainAsync(HttpContext context, LabSite site, string path, CancellationToken ct)
    {
        if (path == "/en/")
        {
            return WriteAsync(context, LabPages.Render(options.Seed, site, "/"), ct);
        }

        var hop = path == "/" ? 0 : path.StartsWith("/go/", StringComparison.Ordinal) && int.TryParse(path.AsSpan(4), out var k) ? k : -1;
        if (hop < 0)
        {
            return WriteAsync(context, LabPages.Render(options.Seed, site, path), ct);
        }

        var target = hop + 1 < site.RedirectHops ? $"/go/{hop + 1}" : "/en/";
        return RedirectAsync(context, hop switch { 0 => 301, 1 => 302, _ => 307 }, target, absolute: hop % 2 == 1, ct);
    }

    private static Task RedirectAsync(HttpContext context, int status, string target, bool absolute, CancellationToken ct)
    {
        var location = absolute ? $"{context.Request.Scheme}://{context.Request.Host}{target}" : target;
        return WriteAsync(context, new LabDocument(status, "text/html", Encoding.ASCII.GetBytes($"<a href=\"{target}\">Moved</a>")) { Location = location }, ct);
    }

    private async Task HangAsync(HttpContext context, CancellationToken ct)
    {
        await Task.Delay(HostileCap, time, ct);
        context.Abort();
    }

    /// <summary>Headers at once, then the page one byte every 200 ms: only a whole-request timeout stops it.</summary>
    private async Task DripAsync(HttpContext context, LabSite site, CancellationToken ct)
    {
        var body = LabPages.Render(options.Seed, site, "/").Body;
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.StartAsync(ct);
        var started = time.GetTimestamp();
        for (var i = 0; time.GetElapsedTime(started) < HostileCap; i++)
        {
            await context.Response.Body.WriteAsync(body.AsMemory(i % body.Length, 1), ct);
            await context.Response.Body.FlushAsync(ct);
            await Task.Delay(DripInterval, time, ct);
        }

        context.Abort();
    }

    /// <summary>Linger 0 makes the close an RST, as a crashed or filtering server sends, not a polite FIN.</summary>
    private static Task ResetAsync(HttpContext context)
    {
        if (context.Features.Get<IConnectionSocketFeature>()?.Socket is { } socket)
        {
            socket.LingerState = new LingerOption(true, 0);
        }

        context.Abort();
        return Task.CompletedTask;
    }

    private static async Task WriteAsync(HttpContext context, LabDocument document, CancellationToken ct)
    {
        var response = context.Response;
        response.StatusCode = document.Status;
        response.ContentType = document.ContentType;
        response.ContentLength = document.Body.Length;
        if (document.Location is not null)
        {
            response.Headers.Location = document.Location;
        }

        if (document.ContentEncoding is not null)
        {
            response.Headers.ContentEncoding = document.ContentEncoding;
        }

        await response.Body.WriteAsync(document.Body, ct);
    }
}
