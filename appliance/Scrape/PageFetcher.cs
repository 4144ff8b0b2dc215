using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using Microsoft.Extensions.Options;

namespace Appliance.Scrape;

/// <summary>
/// Fetches one page over HTTP or HTTPS: a shared <see cref="SocketsHttpHandler"/> with a per-host connection
/// limit; names resolved by <see cref="DnsResolver"/> and every resolved address checked by
/// <see cref="AddressPolicy"/>; certificates checked against <see cref="TlsTrust"/>; redirects
/// followed by hand (at most <c>MaxRedirects</c>, loops detected); a whole-request timeout; the
/// decompressed body read up to <c>MaxBodyBytes</c>; the charset decoded as a browser would.
/// Never throws for what a website does: every outcome is a <see cref="FetchResult"/>.
/// </summary>
public sealed class PageFetcher : IDisposable
{
    private readonly ScrapeOptions _options;
    private readonly HttpClient _client;
    private readonly HostPacer _pacer;

    public PageFetcher(IOptions<ScrapeOptions> options, DnsResolver resolver)
        : this(options, resolver, new AddressGrants())
    {
    }

    public PageFetcher(IOptions<ScrapeOptions> options, DnsResolver resolver, AddressGrants grants)
    {
        _options = options.Value;
        _pacer = new HostPacer(TimeSpan.FromMilliseconds(_options.PerHostDelayMs), TimeProvider.System);
        var own = new HostAddresses(TimeProvider.System, TimeSpan.FromSeconds(30));
        var policy = new AddressPolicy(_options.ParsedNetworks(), _options.EffectivePorts, own.Current, () => grants.Current);
        var trust = TlsTrust.Create(_options.ExtraRootCertificatesFile);
        var connectBudget = TimeSpan.FromMilliseconds(_options.ConnectTimeoutMs);
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.All,
            MaxConnectionsPerServer = _options.MaxConnectionsPerHost,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            // Leads rarely revisit a host after its robots.txt and page, which follow each other at once: idle
            // connections would only hold file descriptors and buffers (at 512 in flight, ~1,800 sockets with 5 s).
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(2),
            // The connector keeps resolve + TCP within ConnectTimeoutMs itself; what is left of this is the TLS handshake's.
            ConnectTimeout = connectBudget + TimeSpan.FromMilliseconds(_options.TlsHandshakeTimeoutMs),
            ResponseDrainTimeout = TimeSpan.FromMilliseconds(100),
            UseCookies = false,
            UseProxy = false,
            ConnectCallback = (context, ct) => PolicyConnector.ConnectAsync(context, policy, resolver, connectBudget, ct),
            SslOptions = new SslClientAuthenticationOptions
            {
                CertificateChainPolicy = trust.ChainPolicy,
                RemoteCertificateValidationCallback = trust.Check,
            },
        };
        _client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        _client.DefaultRequestHeaders.UserAgent.ParseAdd(_options.UserAgent);
        _client.DefaultRequestHeaders.Accept.ParseAdd("text/html,application/xhtml+xml;q=0.9,*/*;q=0.5");
    }

    /// <param name="maxBodyBytes">A cap below <c>Scrape:MaxBodyBytes</c> for this fetch (robots.txt reads 500 KiB).</param>
    /// <param name="keepAlive">
    /// Keep the connection for another request to the host (robots.txt: the page follows at once). Otherwise the request
    /// says <c>Connection: close</c>: a lead's page is the last the scraper asks of its host, and a connection left in the
    /// pool held its TLS state (OpenSSL's buffers, the SslStream) for the idle timeout — at 512 in flight ~800 idle
    /// connections, ~100 MB of the HTTPS scrape's peak. A redirect on the same host then opens a new connection.
    /// </param>
    public async Task<FetchResult> FetchAsync(Uri url, CancellationToken ct, bool htmlOnly = true, long? maxBodyBytes = null, bool keepAlive = false)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_options.RequestTimeoutMs);
        var visited = new HashSet<string>(StringComparer.Ordinal);
        var current = url;
        try
        {
            for (var hop = 0; ; hop++)
            {
                if (current.Scheme != Uri.UriSchemeHttp && current.Scheme != Uri.UriSchemeHttps)
                {
                    return FetchResult.Failed(FailureReason.BadUrl, current, $"cannot fetch a {current.Scheme}: URL");
                }

                if (!visited.Add(current.AbsoluteUri) || hop > _options.MaxRedirects)
                {
                    return FetchResult.Failed(FailureReason.RedirectLoop, current, hop > _options.MaxRedirects ? $"more than {_options.MaxRedirects} redirects" : "redirect loop");
                }

                await _pacer.WaitTurnAsync(current.Host, timeout.Token);
                using var request = new HttpRequestMessage(HttpMethod.Get, current);
                request.Headers.ConnectionClose = !keepAlive;
                using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                var status = (int)response.StatusCode;
                if (status is >= 300 and < 400 && response.Headers.Location is { } location)
                {
                    current = location.IsAbsoluteUri ? location : new Uri(current, location);
                    continue;
                }

                if (status >= 400)
                {
                    var reason = status >= 500 ? FailureReason.Http5xx : FailureReason.Http4xx;
                    return FetchResult.Failed(reason, current, $"HTTP {status}", status, RetryAfter(response.Headers.RetryAfter));
                }

                var mediaType = response.Content.Headers.ContentType?.MediaType;
                if (htmlOnly && mediaType is not null && !IsHtml(mediaType))
                {
                    return FetchResult.Failed(FailureReason.NotHtml, current, $"content type {mediaType}", status);
                }

                return await ReadBodyAsync(response, current, status, Math.Min(maxBodyBytes ?? long.MaxValue, _options.MaxBodyBytes), timeout.Token);
            }
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested && !timeout.IsCancellationRequested && IsConnectTimeout(e))
        {
            // The handler's connect timeout: the connector finishes resolve + TCP sooner on its own, so the handshake stalled.
            return FetchResult.Failed(current.Scheme == Uri.UriSchemeHttps ? FailureReason.TlsHandshakeTimeout : FailureReason.Connect, current,
                $"connection not established within {_options.ConnectTimeoutMs} + {_options.TlsHandshakeTimeoutMs} ms (TLS handshake)");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return FetchResult.Failed(FailureReason.Timeout, current, $"no complete answer within {_options.RequestTimeoutMs} ms");
        }
        catch (Exception e) when (e is HttpRequestException or IOException or SocketException or AuthenticationException or InvalidDataException)
        {
            var (reason, detail) = Classify(e, current);
            return FetchResult.Failed(reason, current, detail);
        }
    }

    private async Task<FetchResult> ReadBodyAsync(HttpResponseMessage response, Uri url, int status, long maxBodyBytes, CancellationToken ct)
    {
        var cap = (int)Math.Min(maxBodyBytes, int.MaxValue - 1);
        await using var stream = new MinimumRateStream(await response.Content.ReadAsStreamAsync(ct), _options.MinBodyBytesPerSecond,
            TimeSpan.FromMilliseconds(_options.SlowBodyGraceMs), TimeProvider.System);
        PageBody body;
        try
        {
            body = await PageBody.ReadAsync(stream, cap, ct);
        }
        catch (OperationCanceledException) when (stream.TooSlow is { } slow)
        {
            return FetchResult.Failed(FailureReason.Timeout, url, slow, status);
        }

        if (body.LooksBinary())
        {
            // Binary where HTML was promised: a decompression bomb's zeros, an image, a PDF.
            body.Dispose();
            return FetchResult.Failed(body.Truncated ? FailureReason.TooLarge : FailureReason.NotHtml, url,
                body.Truncated ? $"body over {cap:N0} bytes and not text" : "binary body", status);
        }

        return FetchResult.Page(status, url, body, response.Content.Headers.ContentType?.CharSet);
    }

    private static bool IsHtml(string mediaType) =>
        mediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase)
        || mediaType.Equals("application/xhtml+xml", StringComparison.OrdinalIgnoreCase)
        || mediaType.Equals("text/plain", StringComparison.OrdinalIgnoreCase);

    private static TimeSpan? RetryAfter(RetryConditionHeaderValue? value) =>
        value?.Delta ?? (value?.Date is { } date ? date - DateTimeOffset.UtcNow : null);

    private static bool IsConnectTimeout(Exception e)
    {
        for (var inner = e.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is TimeoutException)
            {
                return true;
            }
        }

        return false;
    }

    internal static (string Reason, string Detail) Classify(Exception e, Uri? url = null)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            switch (inner)
            {
                case BlockedAddressException blocked:
                    return (FailureReason.BlockedAddress, blocked.Message);
                case DnsLookupException dns:
                    return (dns.Reason, dns.Message);
                case CertificateRejectedException rejected:
                    return (rejected.Reason, rejected.Message);
                case TimeoutException t when url?.Scheme == Uri.UriSchemeHttps:
                    return (FailureReason.TlsHandshakeTimeout, t.Message);
                case SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain } s:
                    return (FailureReason.Dns, s.Message);
                case SocketException { SocketErrorCode: SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown } s:
                    return (FailureReason.Reset, s.Message);
                case SocketException s:
                    return (FailureReason.Connect, s.Message);
                case AuthenticationException a:
                    return (IsProtocolMismatch(a) ? FailureReason.TlsProtocol : FailureReason.Tls, Flatten(a));
                case InvalidDataException d:
                    return (FailureReason.NotHtml, "corrupt compressed body: " + d.Message);
            }
        }

        if (e is HttpRequestException h)
        {
            return h.HttpRequestError switch
            {
                HttpRequestError.NameResolutionError => (FailureReason.Dns, h.Message),
                HttpRequestError.SecureConnectionError => (FailureReason.Tls, Flatten(h.GetBaseException() == h ? h : h.InnerException!)),
                HttpRequestError.ConnectionError => (FailureReason.Connect, h.Message),
                _ => (FailureReason.Reset, h.Message),
            };
        }

        return (FailureReason.Reset, e.Message);
    }

    /// <summary>
    /// No protocol version or cipher in common: OpenSSL names it in the handshake error ("unsupported protocol",
    /// "wrong version number", a "protocol version" alert). The messages are OpenSSL's, not localised.
    /// </summary>
    private static bool IsProtocolMismatch(Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            var m = inner.Message;
            if (m.Contains("unsupported protocol", StringComparison.OrdinalIgnoreCase)
                || m.Contains("version", StringComparison.OrdinalIgnoreCase)
                || m.Contains("no protocols available", StringComparison.OrdinalIgnoreCase)
                || m.Contains("no shared cipher", StringComparison.OrdinalIgnoreCase)
                || m.Contains("handshake failure", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static string Flatten(Exception e) =>
        e.InnerException is { } inner ? $"{e.Message} ({inner.Message})" : e.Message;

    public void Dispose() => _client.Dispose();
}
