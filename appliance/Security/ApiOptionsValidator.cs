using System.Globalization;
using Microsoft.Extensions.Options;

namespace Appliance.Security;

/// <summary>Stops start-up, naming the key, when a key hash is malformed or the API would be open beyond loopback.</summary>
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

        if (options.KeyHashes.Count == 0 && !ApiKeys.AllLoopback(configuration["Urls"]))
        {
            errors.Add($"{ApiOptions.Section}:{nameof(ApiOptions.KeyHashes)}: no API key is configured, so the API may listen on loopback only, not on {configuration["Urls"]}");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
