using Appliance.Cli;
using Appliance.Scrape;
using Appliance.Security;
using Microsoft.Extensions.Options;

namespace Appliance.Tests.Daemon;

public sealed class ConfigurationErrorsTests
{
    [Fact]
    public void DataAnnotationFailure_NamesSectionAndMember()
    {
        var line = ConfigurationErrors.Describe(typeof(ScrapeOptions),
            "DataAnnotation validation failed for 'ScrapeOptions' members: 'Concurrency' with the error: 'The field Concurrency must be between 1 and 10000.'.");

        Assert.Equal("Scrape:Concurrency: The field Concurrency must be between 1 and 10000.", line);
    }

    [Fact]
    public void OurOwnMessages_AlreadyNamingTheKey_AreKept()
    {
        Assert.Equal("Api:KeyHashes:0: bad", ConfigurationErrors.Describe(typeof(ApiOptions), "Api:KeyHashes:0: bad"));
        Assert.Equal("Api: something", ConfigurationErrors.Describe(typeof(ApiOptions), "something"));
    }

    [Fact]
    public void TryDescribe_FindsValidationFailuresInsideAggregates_AndNothingElse()
    {
        var e = new AggregateException(new OptionsValidationException("", typeof(ApiOptions), ["Api:KeyHashes:1: bad"]));

        Assert.True(ConfigurationErrors.TryDescribe(e, out var lines));
        Assert.Equal(["Api:KeyHashes:1: bad"], lines);
        Assert.False(ConfigurationErrors.TryDescribe(new InvalidOperationException("x"), out _));
    }
}
