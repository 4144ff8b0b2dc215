using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Appliance.Security;
using Appliance.Tests.Support;
using Microsoft.Extensions.Configuration;

namespace Appliance.Tests.Security;

/// <summary>The daemon on an https:// address with a self-signed certificate and key in PEM files, as systemd's LoadCredential= passes them.</summary>
public sealed class TlsTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    private static X509Certificate2 SelfSigned(TempDirectory dir)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=appliance.test", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        dir.Write("tls.crt", certificate.ExportCertificatePem());
        dir.Write("tls.key", key.ExportPkcs8PrivateKeyPem());
        return X509CertificateLoader.LoadCertificate(certificate.RawData);
    }

    [Fact]
    public async Task AnHttpsAddress_ServesWithTheCredentialCertificate_TrustedAsThatCertificate()
    {
        using var state = new TempDirectory();
        using var credentials = new TempDirectory();
        using var certificate = SelfSigned(credentials);
        var key = ApiKeys.NewKey();
        await using var server = await Program.BuildWebAppAsync(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = db.ConnectionString,
            ["StateDirectory"] = state.Path,
            ["Urls"] = "https://127.0.0.1:0",
            ["Api:KeyHashes:0"] = ApiKeys.Hash(key),
            [TlsCertificate.CertificateKey] = credentials.File("tls.crt"),
            [TlsCertificate.KeyKey] = credentials.File("tls.key"),
        });
        await server.StartAsync();

        // Trust exactly this certificate, no callback that says yes to anything.
        var handler = new SocketsHttpHandler();
        handler.SslOptions.CertificateChainPolicy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        handler.SslOptions.CertificateChainPolicy.CustomTrustStore.Add(certificate);
        using var trusting = new HttpClient(handler) { BaseAddress = new Uri(server.Addresses.Single()) };
        using var untrusting = new HttpClient { BaseAddress = new Uri(server.Addresses.Single()) };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/uploads/999999");
        request.Headers.Authorization = new("Bearer", key);

        var response = await trusting.SendAsync(request);

        Assert.StartsWith("https://", server.Addresses.Single());
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => untrusting.GetAsync("/healthz"));
        Assert.Equal(HttpRequestError.SecureConnectionError, refused.HttpRequestError);
    }

    [Fact]
    public void Files_ComeFromConfiguration_ElseFromTheCredentialsDirectory()
    {
        using var credentials = new TempDirectory();
        credentials.Write("tls.crt", "x");
        var empty = new ConfigurationBuilder().Build();
        var configured = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [TlsCertificate.CertificateKey] = "/etc/ssl/a.pem",
            [TlsCertificate.KeyKey] = "/etc/ssl/a.key",
        }).Build();

        Assert.Equal(("/etc/ssl/a.pem", "/etc/ssl/a.key"), TlsCertificate.Files(configured, credentials.Path));
        Assert.Null(TlsCertificate.Files(empty, credentials.Path));
        credentials.Write("tls.key", "y");
        Assert.Equal((credentials.File("tls.crt"), credentials.File("tls.key")), TlsCertificate.Files(empty, credentials.Path));
        Assert.Null(TlsCertificate.Files(empty, null));
    }

    [Fact]
    public void AFileThatIsNotACertificate_IsOneClearError()
    {
        using var dir = new TempDirectory();
        dir.Write("tls.crt", "not a certificate");
        dir.Write("tls.key", "not a key");

        var error = Assert.Throws<IOException>(() => TlsCertificate.Load((dir.File("tls.crt"), dir.File("tls.key"))));

        Assert.Contains(TlsCertificate.CertificateKey, error.Message);
    }
}
