using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Appliance.Scrape;

/// <summary>Thrown from the certificate check with the <see cref="FailureReason"/> that names what was wrong.</summary>
public sealed class CertificateRejectedException(string reason, string message) : AuthenticationException(message)
{
    public string Reason { get; } = reason;
}

/// <summary>
/// Which servers the scraper believes: certificates that chain to the system's roots, plus the roots of
/// <c>Scrape:ExtraRootCertificatesFile</c> when one is configured (the lab's CA, a company CA) — never by
/// accepting what fails. The check accepts exactly what the platform's validation accepts (no errors at all)
/// and otherwise names the failure for the export.
/// <para>
/// With extra roots, the handshake's chain is built against those roots alone, and only a chain that they
/// cannot anchor (untrusted root or partial chain, nothing else wrong) is built again against the system's
/// roots. On Linux every chain build makes an OpenSSL store of all its trust anchors: a custom trust store
/// holding the ~145 system roots plus the extra ones cost 0.75 ms of CPU a handshake against 0.16 ms for one
/// root (docs/benchmarks.md), and a server anchored by an extra root is the common case wherever one is set.
/// </para>
/// </summary>
public sealed class TlsTrust
{
    /// <summary>What an anchor the extra roots lack looks like: anything else wrong is wrong under any roots.</summary>
    private const X509ChainStatusFlags NoAnchor = X509ChainStatusFlags.UntrustedRoot | X509ChainStatusFlags.PartialChain;

    private long _systemRebuilds;

    private TlsTrust(X509ChainPolicy? policy, int extraRoots)
    {
        ChainPolicy = policy;
        ExtraRoots = extraRoots;
    }

    /// <summary>The policy for <see cref="SslClientAuthenticationOptions.CertificateChainPolicy"/>; null: the platform's default (system roots).</summary>
    public X509ChainPolicy? ChainPolicy { get; }

    public int ExtraRoots { get; }

    /// <summary>Chains the extra roots could not anchor and that were built again against the system's roots.</summary>
    public long SystemRebuilds => Interlocked.Read(ref _systemRebuilds);

    public static TlsTrust Create(string? extraRootsFile)
    {
        if (string.IsNullOrEmpty(extraRootsFile))
        {
            return new TlsTrust(null, 0);
        }

        var extra = new X509Certificate2Collection();
        extra.ImportFromPemFile(extraRootsFile);
        if (extra.Count == 0)
        {
            throw new InvalidOperationException($"Scrape:ExtraRootCertificatesFile {extraRootsFile} holds no PEM certificate");
        }

        var policy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
        };
        policy.CustomTrustStore.AddRange(extra);
        return new TlsTrust(policy, extra.Count);
    }

    /// <summary>The validation callback: true only when the platform found nothing wrong; otherwise throws with the reason.</summary>
    public bool Check(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        X509Chain? system = null;
        try
        {
            if (ChainPolicy is not null && chain is not null && certificate is not null
                && (errors & SslPolicyErrors.RemoteCertificateChainErrors) != 0 && OnlyNoAnchor(chain))
            {
                // The extra roots cannot anchor it: the system's roots decide, with the same policy otherwise
                // (the server's intermediates, revocation, verification time). A name mismatch stays an error.
                Interlocked.Increment(ref _systemRebuilds);
                system = new X509Chain { ChainPolicy = chain.ChainPolicy.Clone() };
                system.ChainPolicy.TrustMode = X509ChainTrustMode.System;
                system.ChainPolicy.CustomTrustStore.Clear();
                // SslStream hands over an X509Certificate2; anything else is copied for the build.
                using var copy = certificate is X509Certificate2 ? null : X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
                errors &= ~SslPolicyErrors.RemoteCertificateChainErrors;
                if (!system.Build(copy ?? (X509Certificate2)certificate))
                {
                    errors |= SslPolicyErrors.RemoteCertificateChainErrors;
                }

                if (errors == SslPolicyErrors.None)
                {
                    return true;
                }

                chain = system;
            }

            var (reason, what) = Classify(errors, chain);
            var subject = certificate?.Subject ?? "no certificate";
            throw new CertificateRejectedException(reason, $"certificate rejected ({what}): {subject}");
        }
        finally
        {
            if (system is not null)
            {
                foreach (var element in system.ChainElements)
                {
                    element.Certificate.Dispose();
                }

                system.Dispose();
            }
        }
    }

    private static bool OnlyNoAnchor(X509Chain chain)
    {
        var status = X509ChainStatusFlags.NoError;
        foreach (var s in chain.ChainStatus)
        {
            status |= s.Status;
        }

        return status != X509ChainStatusFlags.NoError && (status & ~NoAnchor) == 0;
    }

    internal static (string Reason, string What) Classify(SslPolicyErrors errors, X509Chain? chain)
    {
        var status = chain?.ChainStatus.Select(s => s.Status).Aggregate(X509ChainStatusFlags.NoError, (a, b) => a | b) ?? X509ChainStatusFlags.NoError;
        if ((status & X509ChainStatusFlags.NotTimeValid) != 0)
        {
            return (FailureReason.TlsExpired, "expired or not yet valid");
        }

        if ((errors & SslPolicyErrors.RemoteCertificateChainErrors) != 0)
        {
            return (FailureReason.TlsUntrusted, status == X509ChainStatusFlags.NoError ? "chain not trusted" : status.ToString());
        }

        if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            return (FailureReason.TlsNameMismatch, "the certificate does not name this host");
        }

        return (FailureReason.Tls, errors.ToString());
    }
}
