using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Appliance.Lab;

/// <summary>
/// The lab's certificate authority, made when the lab starts (ECDSA P-256: a key in microseconds, where RSA
/// would take tens of milliseconds per site), and each site's leaf certificate for its own name, signed by it
/// and made on the site's first handshake. Leaves are cached; the cache is emptied when it reaches
/// <see cref="MaxCached"/> (a 500,000-site run would otherwise keep every one). The faulty leaves — expired,
/// for another name, self-signed — are made the same way, so only the fault differs.
/// </summary>
internal sealed class LabCertificates : IDisposable
{
    public const int MaxCached = 50_000;

    private readonly ECDsa caKey;

    /// <summary>One key for every leaf: a client sees only the certificate, and a key a site saves ~0.15 ms of the lab's CPU.</summary>
    private readonly ECDsa leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private long issued;
    private readonly ConcurrentDictionary<(int Site, string Kind), SslStreamCertificateContext> leaves = new();

    public LabCertificates()
    {
        caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(
            string.Create(CultureInfo.InvariantCulture, $"CN=Appliance Lab CA {DateTime.UtcNow:yyyy-MM-dd HH:mm:ss}, O=Appliance lab"), caKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        // Back-dated so that the expired leaf (valid 400 to 30 days ago) still lies inside its issuer's validity.
        Authority = request.CreateSelfSigned(now.AddYears(-2), now.AddYears(2));
    }

    /// <summary>The CA certificate (with its key) that signs every honest leaf.</summary>
    public X509Certificate2 Authority { get; }

    public string AuthorityPem => Authority.ExportCertificatePem();

    /// <summary>Leaves made so far (a leaf made again after the cache was emptied counts again).</summary>
    public long Issued => Interlocked.Read(ref issued);

    /// <summary>The certificate context a site's handshake presents: <paramref name="kind"/> is "ok", "expired", "wrong_name" or "self_signed".</summary>
    public SslStreamCertificateContext For(int site, string name, string kind)
    {
        if (leaves.TryGetValue((site, kind), out var cached))
        {
            return cached;
        }

        if (leaves.Count >= MaxCached)
        {
            leaves.Clear();
        }

        return leaves.GetOrAdd((site, kind), _ => Create(name, kind));
    }

    private SslStreamCertificateContext Create(string name, string kind)
    {
        Interlocked.Increment(ref issued);
        var now = DateTimeOffset.UtcNow;
        var subject = kind == "wrong_name" ? "www.someone-else.test" : name;
        var request = new CertificateRequest("CN=" + subject, leafKey, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(subject);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false)); // serverAuth
        var (notBefore, notAfter) = kind == "expired" ? (now.AddDays(-400), now.AddDays(-30)) : (now.AddDays(-1), now.AddDays(90));
        if (kind == "self_signed")
        {
            return SslStreamCertificateContext.Create(request.CreateSelfSigned(notBefore, notAfter), null, offline: true);
        }

        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Authority, true, false));
        var serial = RandomNumberGenerator.GetBytes(12);
        serial[0] &= 0x7F;
        using var signed = request.Create(Authority, notBefore, notAfter, serial);
        var leaf = signed.CopyWithPrivateKey(leafKey);
        return SslStreamCertificateContext.Create(leaf, [Authority], offline: true);
    }

    /// <summary>Writes the CA certificate (public part only) as PEM, for <c>Scrape:ExtraRootCertificatesFile</c>.</summary>
    public void WriteAuthority(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temp = path + ".tmp";
        File.WriteAllText(temp, AuthorityPem);
        File.Move(temp, path, overwrite: true);
    }

    public void Dispose()
    {
        leaves.Clear();
        Authority.Dispose();
        caKey.Dispose();
        leafKey.Dispose();
    }
}
