using System.Security.Cryptography;
using System.Text;

namespace Appliance.Security;

/// <summary>
/// The accepted API keys, held only as SHA-256 hashes. A plain hash (not a slow KDF) is enough because keys are
/// 256-bit random strings, not passwords: nothing can be guessed from the hash, and checking a request stays cheap.
/// A presented key is hashed and compared with every stored hash in constant time, so neither the match nor its
/// position leaks through timing.
/// </summary>
public sealed class ApiKeys
{
    public const string Prefix = "sha256:";
    private readonly byte[][] _hashes;

    public ApiKeys(IEnumerable<byte[]> hashes) => _hashes = hashes.ToArray();

    /// <summary>No keys: the API is open (allowed only when every listen address is loopback).</summary>
    public bool Open => _hashes.Length == 0;

    public int Count => _hashes.Length;

    public bool Matches(string? key)
    {
        if (string.IsNullOrEmpty(key))
        {
            return false;
        }

        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(key));
        var match = false;
        foreach (var hash in _hashes)
        {
            match |= CryptographicOperations.FixedTimeEquals(presented, hash);
        }

        return match;
    }

    /// <summary>Parses <c>sha256:HEX</c>; false for anything else.</summary>
    public static bool TryParseHash(string? text, out byte[] hash)
    {
        hash = [];
        if (text is null || !text.StartsWith(Prefix, StringComparison.Ordinal) || text.Length != Prefix.Length + 64)
        {
            return false;
        }

        try
        {
            hash = Convert.FromHexString(text.AsSpan(Prefix.Length));
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    public static string Hash(string key) => Prefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>A new key: 32 random bytes, base64url without padding (43 characters).</summary>
    public static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
