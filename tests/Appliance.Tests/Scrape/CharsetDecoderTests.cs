using System.Text;
using Appliance.Scrape;

namespace Appliance.Tests.Scrape;

public class CharsetDecoderTests
{
    private static readonly Encoding Windows1252 = CodePagesEncodingProvider.Instance.GetEncoding(1252)!;

    [Fact]
    public void Bom_WinsOverAWrongMetaDeclaration()
    {
        var body = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("<meta charset=windows-1252><title>Café</title>")).ToArray();

        Assert.Contains("Café", CharsetDecoder.Decode(body, null));
    }

    [Fact]
    public void HeaderCharset_WinsOverMeta()
    {
        var body = Encoding.UTF8.GetBytes("<meta charset=iso-8859-1><title>Müller</title>");

        Assert.Contains("Müller", CharsetDecoder.Decode(body, "utf-8"));
    }

    [Fact]
    public void MetaCharset_IsUsedWithoutAHeader()
    {
        var body = Windows1252.GetBytes("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\"><title>Résumé</title>");

        Assert.Contains("Résumé", CharsetDecoder.Decode(body, null));
    }

    [Fact]
    public void Latin1Label_MeansWindows1252_AsInBrowsers()
    {
        var body = Windows1252.GetBytes("<title>“quoted”</title>");

        Assert.Contains("“quoted”", CharsetDecoder.Decode(body, "ISO-8859-1"));
    }

    [Fact]
    public void NoDeclaration_IsUtf8() =>
        Assert.Contains("Ærø", CharsetDecoder.Decode(Encoding.UTF8.GetBytes("<title>Ærø</title>"), null));

    [Theory]
    [InlineData("utf-8")]
    [InlineData(null)]
    public void Windows1252BytesLabelledUtf8_AreRepaired(string? header)
    {
        var body = Windows1252.GetBytes("<meta charset=utf-8><title>Kraków, München: café</title>");

        var text = CharsetDecoder.Decode(body, header, out var repaired);

        Assert.True(repaired);
        Assert.Contains("Kraków, München", text);
        Assert.DoesNotContain("\uFFFD", text);
    }

    [Fact]
    public void RealUtf8_WithOneStrayByte_StaysUtf8()
    {
        var good = Encoding.UTF8.GetBytes("<title>Kraków, München, Zürich, Ærø</title>");
        var body = good.Concat(new byte[] { 0xE9 }).Concat(Encoding.UTF8.GetBytes("<p>end</p>")).ToArray();

        var text = CharsetDecoder.Decode(body, "utf-8", out var repaired);

        Assert.False(repaired);
        Assert.Contains("Kraków, München, Zürich, Ærø", text);
    }

    [Fact]
    public void ValidUtf8_IsNeverRepaired()
    {
        var text = CharsetDecoder.Decode(Encoding.UTF8.GetBytes("<title>Kraków 😀</title>"), "utf-8", out var repaired);

        Assert.False(repaired);
        Assert.Contains("Kraków 😀", text);
    }

    [Fact]
    public void AByteOrderMark_IsBelievedEvenOverBadBytes()
    {
        var body = Encoding.UTF8.GetPreamble().Concat(Windows1252.GetBytes("<title>Kraków</title>")).ToArray();

        CharsetDecoder.Decode(body, null, out var repaired);

        Assert.False(repaired);
    }

    [Fact]
    public void ACutMultiByteSequence_AtTheEndOfATruncatedBody_IsNotHeldAgainstIt()
    {
        var bytes = Encoding.UTF8.GetBytes("ab😀");

        Assert.False(CharsetDecoder.LooksMislabelled(bytes.AsSpan(0, bytes.Length - 1), complete: false));
        Assert.True(CharsetDecoder.LooksMislabelled(bytes.AsSpan(0, bytes.Length - 1), complete: true));
    }

    [Fact]
    public async Task MislabelledBody_AcrossPooledSegments_IsRepairedAndSaysSo()
    {
        // Over 64 KB, so the body spans several PageBody segments.
        var html = "<title>Kraków</title>" + string.Concat(Enumerable.Repeat("<p>Grüße aus München</p>", 5000));
        using var stream = new MemoryStream(Windows1252.GetBytes(html));
        using var body = await PageBody.ReadAsync(stream, 1 << 20, CancellationToken.None);

        Assert.True(body.LooksMislabelledUtf8(0));
        using var text = body.Decode(CharsetDecoder.Windows1252, 0);
        Assert.Equal(html, text.ToString());
    }

    [Fact]
    public async Task Utf8Body_WithACharacterAcrossASegmentBoundary_IsNotMislabelled()
    {
        var html = new string('a', PageBody.SegmentSize - 1) + "ó" + "<p>Kraków</p>";
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(html));
        using var body = await PageBody.ReadAsync(stream, 1 << 20, CancellationToken.None);

        Assert.False(body.LooksMislabelledUtf8(0));
    }
}
