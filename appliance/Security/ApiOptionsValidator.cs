using System.Globalization;
using Microsoft.Extensions.Options;

namespace Appliance.Security;

/// <summary>
/// Stops start-up, naming the key, when a key hash is malformed or the API would be open beyond loopback: every
/// configured listen address counts (<c>Urls</c>, <c>Telemetry:MetricsUrl</c>, <c>Kestrel:Endpoints:*:Url</c>), and
/// <see cref="OpenModeGuard"/> checks the addresses actually bound once the server has started.
/// </summary>
public sealed class ApiOptionsValidator(IConfiguration configuration) : IValidateOptions<ApiOptions>
{
    public ValidateOptionsResult Validate(string? name, ApiOptions options)
    {
        var errors = new List<string>();
        for (var i = 0; i < options.KeyHashes.Count; i++)
        {
            if (!ApiKeys.TryParseHash(options.KeyHashes[i], out _))
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{ApiOptions.Section}:{nameof(ApiOptions.KeyHashes)}:{i}: not '{ApiKeys.Prefix}' followed by 64 hex digits (printf %s \"$KEY\" | sha256sum)"));
            }
        }

        if (options.KeyHashes.Count == 0)
        {
            foreach (var (key, url) in ListenAddresses(configuration).Where(a => !LocalAddresses.IsLoopbackUrl(a.Url)))
            {
                errors.Add($"{ApiOptions.Section}:{nameof(ApiOptions.KeyHashes)}: no API key is configured, so the appliance may listen on loopback only, not on {url} ({key})");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Every listen address the configuration names, with the key that names it.</summary>
    public static IEnumerable<(string Key, string Url)> ListenAddresses(IConfiguration configuration)
    {
        foreach (var url in (configuration["Urls"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            yield return ("Urls", url);
        }

        if (configuration["Telemetry:MetricsUrl"] is { Length: > 0 } metrics)
        {
            yield return ("Telemetry:MetricsUrl", metrics);
        }

        foreach (var endpoint in configuration.GetSection("Kestrel:Endpoints").GetChildren())
        {
            if (endpoint["Url"] is { Length: > 0 } url)
            {
                yield return ($"Kestrel:Endpoints:{endpoint.Key}:Url", url);
            }
        }
    }
}
