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
/// <c>Scrape:ExtraRootCertificatesFile</c> when one is configured (the lab's CA, a company CA) — through a
/// custom trust store in the chain policy, never by accepting what fails. The check accepts exactly what
/// the platform's validation accepts (no errors at all) and otherwise names the failure for the export.
/// </summary>
public sealed class TlsTrust
{
    private TlsTrust(X509ChainPolicy? policy, int extraRoots)
    {
        ChainPolicy = policy;
        ExtraRoots = extraRoots;
    }

    /// <summary>The policy for <see cref="SslClientAuthenticationOptions.CertificateChainPolicy"/>; null: the platform's default (system roots).</summary>
    public X509ChainPolicy? ChainPolicy { get; }

    public int ExtraRoots { get; }

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

        // A custom trust store replaces the system's roots, so it gets them too: extra roots add trust, never take it away.
        var policy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
        };
        using (var store = new X509Store(StoreName.Root, StoreLocation.LocalMachine))
        {
            store.Open(OpenFlags.ReadOnly | OpenFlags.OpenExistingOnly);
            policy.CustomTrustStore.AddRange(store.Certificates);
        }

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

        var (reason, what) = Classify(errors, chain);
        var subject = certificate?.Subject ?? "no certificate";
        throw new CertificateRejectedException(reason, $"certificate rejected ({what}): {subject}");
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
