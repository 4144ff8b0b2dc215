using System.Text;
using Appliance.Ingest;

namespace Appliance.Tests.Ingest;

public class LeadFileOpenerTests
{
    [Theory]
    [InlineData(new byte[0], ".csv", "empty")]
    [InlineData(new byte[] { 0xEF, 0xBB, 0xBF, (byte)'\n', (byte)' ' }, ".csv", "empty")]
    [InlineData(new byte[] { 0x00, 0x01, 0x02, 0x03, 0xFF }, ".csv", "binary")]
    [InlineData(new byte[] { (byte)'%', (byte)'P', (byte)'D', (byte)'F', 0x00 }, ".csv", "PDF")]
    [InlineData(new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1 }, ".xls", "legacy Excel")]
    [InlineData(new byte[] { (byte)'u', (byte)'r', (byte)'l' }, ".xlsx", "not a zip")]
    public void Sniff_RefusesWhatIsNotALeadFile(byte[] head, string extension, string expected)
    {
        var e = Assert.Throws<LeadFileException>(() => LeadFileOpener.Sniff(head, extension));

        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Sniff_Utf16WithBom_IsCsvDespiteItsZeroBytes()
    {
        var bytes = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("url\nexample.com\n")).ToArray();

        Assert.Equal("csv", LeadFileOpener.Sniff(bytes, ".csv"));
    }

    [Fact]
    public void Sniff_ZipMagic_IsXlsxWhateverTheName() =>
        Assert.Equal("xlsx", LeadFileOpener.Sniff("PK\x03\x04rest"u8, ".csv"));
}
