using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Appliance.Scrape;
using Appliance.Tests.Support;

namespace Appliance.Tests.Scrape;

/// <summary>
/// The trust check with extra roots: chains are built against the extra roots alone, and only a chain those
/// cannot anchor is built again against the system's roots — which can accept it only when nothing else is wrong.
/// The chains here are built exactly as the handshake builds them (the handshake's policy), so the callback sees
/// what it sees in a TLS connection.
/// </summary>
public sealed class TlsTrustTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly ECDsa _caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly X509Certificate2 _ca;
    private readonly TlsTrust _trust;

    public TlsTrustTests()
    {
        var request = new CertificateRequest("CN=Test extra root", _caKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        var now = DateTimeOffset.UtcNow;
        _ca = request.CreateSelfSigned(now.AddYears(-2), now.AddYears(2));
        var pem = Path.Combine(_dir.Path, "roots.pem");
        File.WriteAllText(pem, _ca.ExportCertificatePem());
        _trust = TlsTrust.Create(pem);
    }

    [Fact]
    public void TheHandshakePolicy_HoldsOnlyTheExtraRoots()
    {
        Assert.NotNull(_trust.ChainPolicy);
        Assert.Equal(X509ChainTrustMode.CustomRootTrust, _trust.ChainPolicy.TrustMode);
        Assert.Equal(1, _trust.ExtraRoots);
        Assert.Equal(_ca.Thumbprint, Assert.Single(_trust.ChainPolicy.CustomTrustStore).Thumbprint);
    }

    [Fact]
    public void ALeafOfTheExtraRoot_IsAccepted_WithoutASystemRebuild()
    {
        using var leaf = Leaf(_ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));

        Assert.True(Check(leaf, SslPolicyErrors.None));
        Assert.Equal(0, _trust.SystemRebuilds);
    }

    [Fact]
    public void AnExpiredLeafOfTheExtraRoot_FailsAsExpired_WithoutASystemRebuild()
    {
        using var leaf = Leaf(_ca, DateTimeOffset.UtcNow.AddDays(-400), DateTimeOffset.UtcNow.AddDays(-30));

        var e = Assert.Throws<CertificateRejectedException>(() => Check(leaf, SslPolicyErrors.RemoteCertificateChainErrors));

        Assert.Equal(FailureReason.TlsExpired, e.Reason);
        Assert.Equal(0, _trust.SystemRebuilds);
    }

    [Fact]
    public void ALeafOfAnUnknownCa_IsRebuiltAgainstTheSystemRoots_AndStillFailsAsUntrusted()
    {
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Unknown CA", otherKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var other = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddYears(-1), DateTimeOffset.UtcNow.AddYears(1));
        using var leaf = Leaf(other, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));

        var e = Assert.Throws<CertificateRejectedException>(() => Check(leaf, SslPolicyErrors.RemoteCertificateChainErrors));

        Assert.Equal(FailureReason.TlsUntrusted, e.Reason);
        Assert.Equal(1, _trust.SystemRebuilds);
    }

    [Fact]
    public void ACertificateTheSystemTrusts_IsAcceptedThroughTheRebuild()
    {
        using var systemRoot = AnySystemRoot();

        Assert.True(Check(systemRoot, SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.Equal(1, _trust.SystemRebuilds);
    }

    [Fact]
    public void ANameMismatch_StaysAnError_WhenTheSystemRootsAnchorTheChain()
    {
        using var systemRoot = AnySystemRoot();

        var e = Assert.Throws<CertificateRejectedException>(() =>
            Check(systemRoot, SslPolicyErrors.RemoteCertificateChainErrors | SslPolicyErrors.RemoteCertificateNameMismatch));

        Assert.Equal(FailureReason.TlsNameMismatch, e.Reason);
    }

    [Fact]
    public void WithoutExtraRoots_ThePlatformDefaultDecides_AndErrorsAreNotRebuilt()
    {
        var plain = TlsTrust.Create(null);
        using var leaf = Leaf(_ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        using var chain = new X509Chain();
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        Assert.False(chain.Build(leaf));

        var e = Assert.Throws<CertificateRejectedException>(() => plain.Check(this, leaf, chain, SslPolicyErrors.RemoteCertificateChainErrors));

        Assert.Null(plain.ChainPolicy);
        Assert.Equal(FailureReason.TlsUntrusted, e.Reason);
        Assert.Equal(0, plain.SystemRebuilds);
    }

    /// <summary>Builds the chain with the handshake's policy, as SslStream does, and hands it to the callback.</summary>
    private bool Check(X509Certificate2 leaf, SslPolicyErrors nameErrors)
    {
        using var chain = new X509Chain { ChainPolicy = _trust.ChainPolicy!.Clone() };
        var errors = nameErrors & ~SslPolicyErrors.RemoteCertificateChainErrors;
        if (!chain.Build(leaf))
        {
            errors |= SslPolicyErrors.RemoteCertificateChainErrors;
        }

        Assert.Equal(nameErrors, errors);
        return _trust.Check(this, leaf, chain, errors);
    }

    private static X509Certificate2 AnySystemRoot()
    {
        using var store = new X509Store(StoreName.Root, StoreLocation.LocalMachine);
        store.Open(OpenFlags.ReadOnly | OpenFlags.OpenExistingOnly);
        var now = DateTime.Now;
        var root = store.Certificates.FirstOrDefault(c => c.NotBefore < now && c.NotAfter > now.AddDays(1));
        Assert.True(root is not null, "this machine has no system root certificate to test with");
        return X509CertificateLoader.LoadCertificate(root.RawData);
    }

    private static X509Certificate2 Leaf(X509Certificate2 issuer, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=www.site.test", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        using var signed = request.Create(issuer, notBefore, notAfter, [7, 1, 2, 3]);
        return X509CertificateLoader.LoadCertificate(signed.RawData);
    }

    public void Dispose()
    {
        _ca.Dispose();
        _caKey.Dispose();
        _dir.Dispose();
    }
}
