using System.Globalization;
using System.Text;
using Appliance.Storage;

namespace Appliance.Tests.Storage;

public class StoredTextTests
{
    // One grapheme each: a 4-byte emoji (a surrogate pair), skin tone modifier, ZWJ family, a flag (two regional
    // indicators), e + combining acute, Hangul jamo, CR LF.
    public static TheoryData<string> Graphemes => ["😀", "👍🏽", "👨‍👩‍👧", "🇵🇱", "e\u0301", "\u1100\u1161\u11A8", "\r\n"];

    [Theory]
    [MemberData(nameof(Graphemes))]
    public void PrefixLength_NeverSplitsAGrapheme_AtAnyCap(string grapheme)
    {
        for (var before = 0; before < 12; before++)
        {
            var text = new string('a', before) + grapheme + "tail";
            for (var cap = 0; cap <= text.Length; cap++)
            {
                var n = StoredText.PrefixLength(text, cap);
                Assert.True(n <= cap);
                var prefix = text[..n];
                Assert.True(StoredText.IsClean(prefix), $"cap {cap}: a lone surrogate in {Escape(prefix)}");
                // The cut is a text-element boundary: the prefix's elements are the text's first elements.
                var whole = Elements(text);
                var kept = Elements(prefix);
                Assert.Equal(whole.Take(kept.Count), kept);
                // And nothing fitting was given away: the next element did not fit.
                Assert.True(kept.Count == whole.Count || n + whole[kept.Count].Length > cap);
            }
        }
    }

    [Fact]
    public void Truncate_AnEmojiAtTheCap_DropsItWhole()
    {
        var text = new string('x', 1999) + "😀" + "more";

        var cut = StoredText.Truncate(text, 2000);

        Assert.Equal(new string('x', 1999), cut);
    }

    [Fact]
    public void Shorten_AddsAnEllipsisOnlyWhenCut()
    {
        Assert.Equal("short", StoredText.Shorten("short", 10));
        Assert.Equal("abc…", StoredText.Shorten("abc 😀😀", 5));
    }

    [Fact]
    public void PrefixLength_ALetterUnderHundredsOfMarks_IsCutBetweenScalarsNotDropped()
    {
        var zalgo = "a" + string.Concat(Enumerable.Repeat("\u0301", 500));

        var n = StoredText.PrefixLength(zalgo, 100);

        Assert.Equal(100, n);
    }

    [Theory]
    // Escaped, and unescaped in the test: xunit carries test data as UTF-8, which turns a lone surrogate into U+FFFD.
    [InlineData(@"a\0b", "ab")]
    [InlineData(@"\uD83D", "")]
    [InlineData(@"x\uDE00y", "xy")]
    [InlineData(@"\uDE00\uD83D", "")]
    [InlineData(@"ok\uD83D\uDE00\0\uD83D", "ok😀")]
    public void Clean_RemovesNulAndLoneSurrogates_KeepsPairs(string escaped, string clean)
    {
        var dirty = System.Text.RegularExpressions.Regex.Unescape(escaped);

        Assert.Equal(clean, StoredText.Clean(dirty));
        Assert.True(StoredText.IsClean(StoredText.Clean(dirty)));
    }

    [Fact]
    public void Clean_ReturnsTheSameInstance_WhenNothingIsWrong()
    {
        var text = "Kraków 😀 مرحبا";

        Assert.Same(text, StoredText.Clean(text));
    }

    [Fact]
    public void Clean_TextIsEncodableByAStrictUtf8Encoder()
    {
        var strict = new UTF8Encoding(false, throwOnInvalidBytes: true);
        var dirty = "a\uD83D\0b\uDE00" + "😀";

        var bytes = strict.GetBytes(StoredText.Clean(dirty));

        Assert.Equal("ab😀", strict.GetString(bytes));
    }

    private static List<string> Elements(string s)
    {
        var list = new List<string>();
        var e = StringInfo.GetTextElementEnumerator(s);
        while (e.MoveNext())
        {
            list.Add((string)e.Current);
        }

        return list;
    }

    private static string Escape(string s) => string.Concat(s.Select(c => c < 128 ? c.ToString() : $"\\u{(int)c:X4}"));
}
