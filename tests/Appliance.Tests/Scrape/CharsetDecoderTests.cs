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
}
