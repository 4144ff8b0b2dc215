using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Appliance.Lab;

/// <summary>
/// Per-connection TLS for the lab's HTTPS listener: the site is found by the SNI name (the address when a
/// client sends none), and its <see cref="LabNetFault"/> decides the handshake — its own leaf signed by the lab
/// CA, an expired leaf, a leaf for another name, a self-signed leaf, a handshake that never answers, or one
/// that offers only TLS 1.0. Names that are no site get the lab CA's answer for an unknown name: a handshake
/// failure.
/// </summary>
internal sealed class LabTls(LabOptions options, LabCertificates certificates, TimeProvider time, CancellationToken stopping)
{
    /// <summary>A stalled handshake is let go after this however patient the client is (Kestrel's own timeout is set above it).</summary>
    public static readonly TimeSpan StallCap = TimeSpan.FromMinutes(2);

    private long handshakes;

    /// <summary>ClientHellos received: a scraper that reuses its connections sends about one a site (robots.txt and page on one).</summary>
    public long Handshakes => Interlocked.Read(ref handshakes);

    public TlsHandshakeCallbackOptions Callback => new()
    {
        OnConnection = OnConnectionAsync,
        HandshakeTimeout = StallCap + TimeSpan.FromSeconds(10),
    };

    private async ValueTask<SslServerAuthenticationOptions> OnConnectionAsync(TlsHandshakeCallbackContext context)
    {
        Interlocked.Increment(ref handshakes);
        var sni = context.ClientHelloInfo.ServerName;
        var local = (context.Connection.LocalEndPoint as IPEndPoint)?.Address;
        if (!LabNames.TryGetSiteIndex(sni, options.Seed, out var index) && !LabAddresses.TryGetSiteIndex(local, out index))
        {
            throw new AuthenticationException($"the lab has no site named '{sni}'");
        }

        var site = LabSite.Create(options.Seed, index, options);
        var fault = FaultOf(site);
        if (fault == LabNetFault.TlsStall)
        {
            // Accept TCP, read the ClientHello, never answer: only the client's handshake timeout ends it.
            using var cancel = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, stopping);
            await Task.Delay(StallCap, time, cancel.Token);
            throw new AuthenticationException("stalled handshake let go");
        }

        return new SslServerAuthenticationOptions
        {
            ServerCertificateContext = certificates.For(index, site.Name, KindOf(fault)),
#pragma warning disable SYSLIB0039 // TLS 1.0 is the point of this fault: a server that offers nothing newer.
            EnabledSslProtocols = fault == LabNetFault.TlsOldProtocol ? SslProtocols.Tls : SslProtocols.Tls12 | SslProtocols.Tls13,
#pragma warning restore SYSLIB0039
            ClientCertificateRequired = false,
        };
    }

    /// <summary>
    /// Makes the leaf that site <paramref name="index"/>'s handshake will present, ahead of its first handshake: a real
    /// website's certificate exists before anyone connects, so a benchmark can leave the lab's issuing cost out of the
    /// time it measures. Sites that are never reached (a DNS fault) or whose handshake stalls get none.
    /// </summary>
    public void Prepare(int index)
    {
        var site = LabSite.Create(options.Seed, index, options);
        var fault = FaultOf(site);
        if (LabNetFault.PresentsLeaf(fault))
        {
            certificates.For(index, site.Name, KindOf(fault));
        }
    }

    private string FaultOf(LabSite site) => options.Faults ? site.NetFault : LabNetFault.None;

    private static string KindOf(string fault) => fault switch
    {
        LabNetFault.TlsExpired => "expired",
        LabNetFault.TlsWrongName => "wrong_name",
        LabNetFault.TlsSelfSigned => "self_signed",
        _ => "ok",
    };
}
