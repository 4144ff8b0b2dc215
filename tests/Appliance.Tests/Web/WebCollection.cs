namespace Appliance.Tests.Web;

/// <summary>One daemon and one browser for every web test: starting them costs more than the tests themselves.</summary>
[CollectionDefinition(Name)]
public sealed class WebCollection : ICollectionFixture<WebFixture>
{
    public const string Name = "web";
}
