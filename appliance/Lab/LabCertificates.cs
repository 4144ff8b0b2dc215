using System.Globalization;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Appliance.Lab;

/// <summary>
/// The lab's certificate authority, made when the lab starts (ECDSA P-256: a key in microseconds, where RSA
/// would take tens of milliseconds per site), and each site's leaf certificate for its own name, signed by it
/// and made on the site's first handshake. The faulty leaves — expired, for another name, self-signed — are made the same
/// way, so only the fault differs.
/// </summary>
/// <remarks>
/// A scraper handshakes with each site about once (robots.txt and the page share one connection), so a cache of leaves
/// saves little, while each cached context holds native OpenSSL memory (its certificate, key and, once used, an SSL_CTX).
/// The cache is therefore small and bounded: the oldest leaf goes first and its certificates are disposed. A leaf must not
/// be disposed while a handshake that took it from the cache is still starting, so the bound stays far above the
/// handshakes in flight (a scraper's 512 fetches): <see cref="Capacity"/> newer sites would have to begin first.
/// </remarks>
internal sealed class LabCertificates : IDisposable
{
    /// <summary>Leaves kept by default.</summary>
    public const int DefaultCapacity = 4_096;

    /// <summary>The most leaves <see cref="Reserve"/> keeps (sites prepared ahead of a benchmark's timed part).</summary>
    public const int MaxPrepared = 50_000;

    private readonly ECDsa caKey;

    /// <summary>One key for every leaf: a client sees only the certificate, and a key a site saves ~0.15 ms of the lab's CPU.</summary>
    private readonly ECDsa leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private long issued;

    // Oldest first. A Lazy per site: one leaf a site even when two handshakes ask at once, made outside the lock so that
    // issuing runs on every core.
    private readonly Lock gate = new();
    private readonly Dictionary<(int Site, string Kind), Lazy<SslStreamCertificateContext>> leaves = [];
    private readonly Queue<(int Site, string Kind)> order = new();

    public LabCertificates(int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
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

    /// <summary>Leaves made so far; a site asked again after its leaf was evicted gets a new one, counted again.</summary>
    public long Issued => Interlocked.Read(ref issued);

    /// <summary>The most leaves kept at once.</summary>
    public int Capacity { get; private set; }

    /// <summary>Leaves kept now.</summary>
    public int Cached
    {
        get
        {
            lock (gate)
            {
                return leaves.Count;
            }
        }
    }

    /// <summary>Keeps at least <paramref name="sites"/> leaves (at most <see cref="MaxPrepared"/>), for leaves made ahead.</summary>
    public void Reserve(int sites)
    {
        lock (gate)
        {
            Capacity = Math.Max(Capacity, Math.Min(sites, MaxPrepared));
        }
    }

    /// <summary>The certificate context a site's handshake presents: <paramref name="kind"/> is "ok", "expired", "wrong_name" or "self_signed".</summary>
    public SslStreamCertificateContext For(int site, string name, string kind)
    {
        Lazy<SslStreamCertificateContext> leaf;
        List<Lazy<SslStreamCertificateContext>> evicted = [];
        lock (gate)
        {
            if (!leaves.TryGetValue((site, kind), out leaf!))
            {
                leaf = new Lazy<SslStreamCertificateContext>(() => Create(name, kind), LazyThreadSafetyMode.ExecutionAndPublication);
                leaves.Add((site, kind), leaf);
                order.Enqueue((site, kind));
                while (leaves.Count > Capacity && order.TryDequeue(out var oldest))
                {
                    if (leaves.Remove(oldest, out var dropped))
                    {
                        evicted.Add(dropped);
                    }
                }
            }
        }

        foreach (var dropped in evicted)
        {
            Release(dropped);
        }

        return leaf.Value;
    }

    /// <summary>
    /// Disposes an evicted leaf's certificates: the leaf and the chain's copies of its issuer, never the CA itself. One still
    /// being made (Capacity newer sites began meanwhile) is left to the GC.
    /// </summary>
    private void Release(Lazy<SslStreamCertificateContext> leaf)
    {
        if (!leaf.IsValueCreated)
        {
            return;
        }

        var context = leaf.Value;
        foreach (var certificate in context.IntermediateCertificates.Prepend(context.TargetCertificate))
        {
            if (!ReferenceEquals(certificate, Authority))
            {
                certificate.Dispose();
            }
        }
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
        lock (gate)
        {
            foreach (var leaf in leaves.Values)
            {
                Release(leaf);
            }

            leaves.Clear();
            order.Clear();
        }

        Authority.Dispose();
        caKey.Dispose();
        leafKey.Dispose();
    }
}
