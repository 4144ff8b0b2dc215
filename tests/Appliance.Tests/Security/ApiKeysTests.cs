using Appliance.Security;

namespace Appliance.Tests.Security;

public sealed class ApiKeysTests
{
    [Fact]
    public void AKey_MatchesItsHash_AndNothingElse()
    {
        var key = ApiKeys.NewKey();
        Assert.True(ApiKeys.TryParseHash(ApiKeys.Hash(key), out var hash));
        Assert.True(ApiKeys.TryParseHash(ApiKeys.Hash("other"), out var other));
        var keys = new ApiKeys([other, hash]);

        Assert.True(keys.Matches(key));
        Assert.False(keys.Matches(key + "x"));
        Assert.False(keys.Matches(ApiKeys.Hash(key)));   // the stored hash is not a key
        Assert.False(keys.Matches(""));
        Assert.False(keys.Matches(null));
        Assert.False(keys.Open);
    }

    [Fact]
    public void NewKey_Is43Base64UrlCharacters_AndHashMatchesSha256sum()
    {
        var key = ApiKeys.NewKey();

        Assert.Matches("^[A-Za-z0-9_-]{43}$", key);
        // printf %s abc | sha256sum
        Assert.Equal("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", ApiKeys.Hash("abc"));
    }

    [Theory]
    [InlineData("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", true)]
    [InlineData("SHA256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", false)]
    [InlineData("sha256:ba7816bf", false)]
    [InlineData("sha256:zz7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", false)]
    [InlineData("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", false)]
    [InlineData(null, false)]
    public void TryParseHash_AcceptsOnlySha256Hex(string? text, bool ok) => Assert.Equal(ok, ApiKeys.TryParseHash(text, out _));

    [Theory]
    [InlineData("http://127.0.0.1:8000", true)]
    [InlineData("http://localhost:8000", true)]
    [InlineData("http://[::1]:8000", true)]
    [InlineData("http://127.0.0.1:0", true)]
    [InlineData("http://0.0.0.0:8000", false)]
    [InlineData("http://*:8000", false)]
    [InlineData("http://+:8000", false)]
    [InlineData("http://192.168.1.5:8000", false)]
    [InlineData("http://appliance.example:8000", false)]
    public void IsLoopbackUrl_OnlyForALoopbackHost(string url, bool loopback) => Assert.Equal(loopback, LocalAddresses.IsLoopbackUrl(url));

    [Theory]
    [InlineData("Bearer k3y", "k3y")]
    [InlineData("bearer k3y", "k3y")]
    [InlineData("Basic dXNlcjprM3k=", "k3y")]     // user:k3y
    [InlineData("Basic Ojp4", ":x")]              // "::x": the password is everything after the first colon
    [InlineData("Basic !!!", null)]
    [InlineData("Digest k3y", null)]
    [InlineData("Bearer", null)]
    [InlineData(null, null)]
    public void PresentedKey_FromBearerOrBasicPassword(string? header, string? key) => Assert.Equal(key, ApiKeyMiddleware.PresentedKey(header, basic: true));
}
