using Appliance.Generate;

namespace Appliance.Tests.Generate;

public class RateLimitHeadersTests
{
    [Theory]
    [InlineData("1s", 1000)]
    [InlineData("6m0s", 360_000)]
    [InlineData("250ms", 250)]
    [InlineData("1m30.5s", 90_500)]
    [InlineData("2", 2000)]
    public void ParseDuration(string text, double ms) => Assert.Equal(ms, RateLimitHeaders.ParseDuration(text)!.Value.TotalMilliseconds);

    [Fact]
    public void Garbage_IsNull() => Assert.Null(RateLimitHeaders.ParseDuration("soon"));
}
