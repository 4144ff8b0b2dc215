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

    [Theory]
    // Escaped: xunit carries test data as UTF-8, which would turn a lone surrogate into U+FFFD before the test ran.
    [InlineData(@"a\uD83Db", "ab")]
    [InlineData(@"_x\uDE00_ Acme", "_x_ Acme")]
    [InlineData(@"Krak\u00F3w \uD83D\uDE00", "Kraków 😀")]
    public void Clean_RemovesLoneSurrogates_KeepsWholeEmoji(string raw, string expected) =>
        Assert.Equal(expected, FieldText.Clean(System.Text.RegularExpressions.Regex.Unescape(raw)));

    [Fact]
    public void Excerpt_AnEmojiAtEveryPositionAroundTheLimit_IsNeverSplit()
    {
        for (var at = 190; at <= 202; at++)
        {
            var field = new string('a', at) + "😀" + new string('b', 20);

            var excerpt = FieldText.Excerpt([field, "x"], ',', 200);

            Assert.True(Appliance.Storage.StoredText.IsClean(excerpt), $"emoji at {at}");
            Assert.True(excerpt.Length <= 201);
            Assert.Equal(at + 2 <= 200, excerpt.Contains("😀", StringComparison.Ordinal));
        }
    }
}
