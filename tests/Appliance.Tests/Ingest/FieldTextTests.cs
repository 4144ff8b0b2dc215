using Appliance.Ingest;

namespace Appliance.Tests.Ingest;

public class FieldTextTests
{
    [Theory]
    [InlineData("  Acme  ", "Acme")]
    [InlineData("=\"00123\"", "00123")]
    [InlineData("\uFEFFexample.com", "example.com")]
    [InlineData("a\0b", "ab")]
    [InlineData("   ", null)]
    [InlineData("=\"\"", null)]
    public void Clean_NormalisesCellText(string raw, string? expected) => Assert.Equal(expected, FieldText.Clean(raw));

    [Fact]
    public void Excerpt_IsCutAtTheLimit()
    {
        var excerpt = FieldText.Excerpt([new string('a', 150), new string('b', 150)], ',', 200);

        Assert.Equal(201, excerpt.Length);
        Assert.EndsWith("…", excerpt);
    }
}
