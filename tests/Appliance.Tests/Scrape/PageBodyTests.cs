using System.Text;
using Appliance.Scrape;

namespace Appliance.Tests.Scrape;

public class PageBodyTests
{
    /// <summary>A stream that hands out a few thousand bytes per read, as a socket does.</summary>
    private sealed class TrickleStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, 7_001)], ct);
    }

    private static Task<PageBody> Read(byte[] bytes, int cap) => PageBody.ReadAsync(new TrickleStream(bytes), cap, CancellationToken.None);

    [Fact]
    public async Task MultiByteCharacters_AcrossSegmentBoundaries_DecodeAsOneString()
    {
        // "é" is two bytes in UTF-8; an odd prefix puts one of them astride every 64 KB boundary.
        var text = "<p>" + new string('x', PageBody.SegmentSize - 4) + string.Concat(Enumerable.Repeat("é€😀", 40_000));
        var bytes = Encoding.UTF8.GetBytes(text);
        using var body = await Read(bytes, 1 << 20);

        using var decoded = body.Decode(Encoding.UTF8, 0);

        Assert.Equal(bytes.Length, body.Length);
        Assert.False(body.Truncated);
        Assert.Equal(text, decoded.ToString());
    }

    [Fact]
    public async Task ABodyThatFitsTheCapExactly_IsNotTruncated_AndOneByteMoreIs()
    {
        var cap = (2 * PageBody.SegmentSize) + 10;
        using var exact = await Read(new byte[cap], cap);
        using var over = await Read(new byte[cap + 1], cap);

        Assert.Equal((cap, false), (exact.Length, exact.Truncated));
        Assert.Equal((cap, true), (over.Length, over.Truncated));
    }

    [Fact]
    public async Task ANulByteInALaterSegment_MarksTheBodyBinary_ButUtf16IsText()
    {
        var bytes = Encoding.ASCII.GetBytes(new string('a', 3 * PageBody.SegmentSize));
        bytes[^5] = 0;
        using var binary = await Read(bytes, 1 << 20);
        using var utf16 = await Read([0xFF, 0xFE, .. Encoding.Unicode.GetBytes("<p>hi</p>")], 1 << 20);

        Assert.True(binary.LooksBinary());
        Assert.False(utf16.LooksBinary());
    }

    [Fact]
    public async Task AByteOrderMark_IsSkipped()
    {
        using var body = await Read([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("<title>Ærø</title>")], 1 << 20);
        var (encoding, skip) = CharsetDecoder.Detect(body.Head, "iso-8859-1");

        using var text = body.Decode(encoding, skip);

        Assert.Equal("<title>Ærø</title>", text.ToString());
    }

    [Fact]
    public async Task AnEmptyBody_DecodesToNothing()
    {
        using var body = await Read([], 1 << 20);
        using var text = body.Decode(Encoding.UTF8, 0);

        Assert.Equal((0, ""), (body.Length, text.ToString()));
    }
}
