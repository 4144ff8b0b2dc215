using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Appliance.Lab;

namespace Appliance.Tests.Lab;

/// <summary>The lab's bounded leaf cache: oldest out first, evicted leaves disposed, a site asked again gets a working leaf.</summary>
public class LabCertificatesTests
{
    [Fact]
    public void For_MoreSitesThanTheBound_KeepsTheNewestWithinItAndDisposesTheEvictedLeaves()
    {
        using var certificates = new LabCertificates(capacity: 4);

        var contexts = Enumerable.Range(0, 10).Select(site => certificates.For(site, Name(site), "ok")).ToList();

        Assert.Equal(4, certificates.Cached);
        Assert.Equal(10, certificates.Issued);
        // The six oldest were evicted and their leaves disposed; the four newest are kept and still usable.
        Assert.All(contexts.Take(6), c => Assert.Equal(IntPtr.Zero, c.TargetCertificate.Handle));
        Assert.All(contexts.Skip(6), c => Assert.NotEqual(IntPtr.Zero, c.TargetCertificate.Handle));
        Assert.Same(contexts[9], certificates.For(9, Name(9), "ok"));
        Assert.Equal(10, certificates.Issued);
        Assert.True(certificates.Authority.HasPrivateKey, "the shared CA is never disposed");
    }

    [Fact]
    public async Task For_ASiteAskedAgainAfterEviction_GetsANewLeafThatCompletesAHandshake()
    {
        using var certificates = new LabCertificates(capacity: 2);
        var first = certificates.For(0, Name(0), "ok");
        certificates.For(1, Name(1), "ok");
        certificates.For(2, Name(2), "ok");

        var again = certificates.For(0, Name(0), "ok");

        Assert.NotSame(first, again);
        Assert.Equal(4, certificates.Issued);
        Assert.Equal(2, certificates.Cached);
        Assert.Equal(Name(0), await HandshakeAsync(again, Name(0), certificates.Authority));
    }

    [Fact]
    public void Reserve_RaisesTheBoundForLeavesMadeAhead_UpToTheMostPrepared()
    {
        using var certificates = new LabCertificates(capacity: 2);

        certificates.Reserve(5);
        foreach (var site in Enumerable.Range(0, 5))
        {
            certificates.For(site, Name(site), "ok");
        }

        Assert.Equal(5, certificates.Cached);
        certificates.Reserve(LabCertificates.MaxPrepared + 1);
        Assert.Equal(LabCertificates.MaxPrepared, certificates.Capacity);
    }

    private static string Name(int site) => $"site{site}.lab.test";

    /// <summary>A TLS handshake over loopback that trusts only the lab CA; returns the name the server's leaf is for.</summary>
    private static async Task<string> HandshakeAsync(SslStreamCertificateContext context, string name, X509Certificate2 authority)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
        using var accepted = await listener.AcceptTcpClientAsync();
        await using var server = new SslStream(accepted.GetStream());
        await using var tls = new SslStream(client.GetStream());
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var chain = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        chain.CustomTrustStore.Add(authority);
        await Task.WhenAll(
            server.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificateContext = context }, timeout.Token),
            tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = name, CertificateChainPolicy = chain }, timeout.Token));
        return tls.RemoteCertificate!.Subject.Replace("CN=", "", StringComparison.Ordinal);
    }
}
