using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Appliance.Security;

/// <summary>
/// The certificate every <c>https://</c> listen address uses: PEM files named by <c>Tls:CertificateFile</c> and
/// <c>Tls:KeyFile</c>, or else <c>tls.crt</c> and <c>tls.key</c> in systemd's <c>$CREDENTIALS_DIRECTORY</c> (the unit's
/// <c>LoadCredential=</c> lines), so the key stays readable by root alone on disk and reaches the service only in its
/// private credentials folder. With neither, <c>https://</c> addresses need a certificate of Kestrel's own configuration.
/// </summary>
public static class TlsCertificate
{
    public const string CertificateKey = "Tls:CertificateFile";
    public const string KeyKey = "Tls:KeyFile";

    /// <summary>The certificate and key files to use, or null when none are configured or passed as credentials.</summary>
    public static (string Certificate, string Key)? Files(IConfiguration configuration, string? credentialsDirectory)
    {
        if (configuration[CertificateKey] is { Length: > 0 } cert)
        {
            return (cert, configuration[KeyKey] is { Length: > 0 } key ? key : cert);
        }

        if (credentialsDirectory is { Length: > 0 }
            && File.Exists(Path.Combine(credentialsDirectory, "tls.crt")) && File.Exists(Path.Combine(credentialsDirectory, "tls.key")))
        {
            return (Path.Combine(credentialsDirectory, "tls.crt"), Path.Combine(credentialsDirectory, "tls.key"));
        }

        return null;
    }

    public static X509Certificate2 Load((string Certificate, string Key) files)
    {
        try
        {
            return X509Certificate2.CreateFromPemFile(files.Certificate, files.Key);
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            throw new IOException($"{CertificateKey}/{KeyKey}: {files.Certificate} and {files.Key} are not a PEM certificate and its private key: {e.Message}", e);
        }
    }

    /// <summary>Gives Kestrel's https:// addresses the certificate, when there is one.</summary>
    public static IServiceCollection AddTlsCertificate(this IServiceCollection services)
    {
        services.AddOptions<KestrelServerOptions>().Configure<IConfiguration>((kestrel, configuration) =>
        {
            if (Files(configuration, Environment.GetEnvironmentVariable("CREDENTIALS_DIRECTORY")) is { } files)
            {
                var certificate = Load(files);
                kestrel.ConfigureHttpsDefaults(https => https.ServerCertificate = certificate);
            }
        });
        return services;
    }
}
