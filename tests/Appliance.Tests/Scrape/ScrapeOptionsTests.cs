using System.ComponentModel.DataAnnotations;
using Appliance.Scrape;

namespace Appliance.Tests.Scrape;

public class ScrapeOptionsTests
{
    [Fact]
    public void Defaults_AreValid_SafeAndAsDocumented()
    {
        var options = new ScrapeOptions();

        Assert.True(Validator.TryValidateObject(options, new ValidationContext(options), null, validateAllProperties: true));
        Assert.Empty(options.AllowedNetworks);
        Assert.Equal([80, 443], options.EffectivePorts.Order());
        Assert.True(options.ObeyRobotsTxt);
        Assert.Equal(512, options.Concurrency);
        Assert.Equal(1000, options.ChunkSize);
        Assert.Equal(20_000, options.RequestTimeoutMs);
        Assert.Equal(2 * 1024 * 1024, options.MaxBodyBytes);
        Assert.Equal(5, options.MaxRedirects);
    }

    [Fact]
    public void ZeroConcurrency_IsInvalid()
    {
        var options = new ScrapeOptions { Concurrency = 0 };
        var results = new List<ValidationResult>();

        Assert.False(Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true));
        Assert.Contains(results, r => r.MemberNames.Contains(nameof(ScrapeOptions.Concurrency)));
    }
}
