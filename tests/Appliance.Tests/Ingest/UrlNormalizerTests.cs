using Appliance.Ingest;

namespace Appliance.Tests.Ingest;

public class UrlNormalizerTests
{
    [Theory]
    [InlineData("example.com", "https://example.com/", "example.com")]
    [InlineData("  WWW.Example.COM/Path?q=1#top ", "https://www.example.com/Path?q=1", "www.example.com")]
    [InlineData("http://example.com:80/a", "http://example.com/a", "example.com")]
    [InlineData("https://example.com:443", "https://example.com/", "example.com")]
    [InlineData("https://example.com:8443/x", "https://example.com:8443/x", "example.com")]
    [InlineData("example.com:8080/x", "https://example.com:8080/x", "example.com")]
    [InlineData("//cdn.example.com/a", "https://cdn.example.com/a", "cdn.example.com")]
    [InlineData("https://bücher.de/", "https://xn--bcher-kva.de/", "xn--bcher-kva.de")]
    [InlineData("http://127.0.0.5:8080/", "http://127.0.0.5:8080/", "127.0.0.5")]
    public void TryNormalize_ProducesAFetchableUrlAndItsHost(string raw, string url, string host)
    {
        Assert.True(UrlNormalizer.TryNormalize(raw, out var result, out var error), error);
        Assert.Equal(url, result.Url);
        Assert.Equal(host, result.Host);
    }

    [Theory]
    [InlineData("")]
    [InlineData("n/a")]
    [InlineData("-")]
    [InlineData("localhost")]
    [InlineData("mailto:someone@example.com")]
    [InlineData("ftp://example.com/file")]
    [InlineData("exa mple.com")]
    [InlineData("http://")]
    public void TryNormalize_RejectsWhatCannotBeFetched(string raw)
    {
        Assert.False(UrlNormalizer.TryNormalize(raw, out _, out var error));
        Assert.NotEmpty(error);
    }
}
