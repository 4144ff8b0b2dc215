using System.Buffers;
using System.Text;

namespace Appliance.Scrape;

/// <summary>
/// A page's bytes as read off the wire: a list of 64 KB segments rented from a bounded pool, up to a cap.
/// </summary>
/// <remarks>
/// Segments stay under the 85,000-byte large-object threshold on purpose. One growing buffer per page
/// (64 KB, 128 KB, … 4 MB) put every body over 64 KB on the large-object heap, which only a full GC
/// reclaims and which fragments: at 512 fetches in flight that heap, not the pages, was most of the
/// scraper's memory. The bytes are decoded once, inside a parse slot, straight from the segments.
/// </remarks>
public sealed class PageBody : IDisposable
{
    public const int SegmentSize = 64 * 1024;

    // At most 256 segments (16 MB) kept for reuse: half the fetches in flight at the default concurrency.
    // Beyond that a segment is allocated and collected; kept, it would be memory an idle daemon holds for good.
    private static readonly ArrayPool<byte> Segments = ArrayPool<byte>.Create(SegmentSize, maxArraysPerBucket: 256);

    private readonly List<byte[]> _segments = [];

    private PageBody()
    {
    }

    /// <summary>Bytes held (at most the cap).</summary>
    public int Length { get; private set; }

    /// <summary>The body went on past the cap; what was read is kept.</summary>
    public bool Truncated { get; private set; }

    /// <summary>Reads <paramref name="stream"/> up to <paramref name="cap"/> bytes.</summary>
    public static async Task<PageBody> ReadAsync(Stream stream, int cap, CancellationToken ct)
    {
        var body = new PageBody();
        try
        {
            while (body.Length < cap)
            {
                var offset = body.Length % SegmentSize;
                if (offset == 0)
                {
                    body._segments.Add(Segments.Rent(SegmentSize));
                }

                var n = await stream.ReadAsync(body._segments[^1].AsMemory(offset, Math.Min(SegmentSize - offset, cap - body.Length)), ct);
                if (n == 0)
                {
                    return body;
                }

                body.Length += n;
            }

            // At the cap: one more byte tells a body that fits exactly from one that goes on.
            var probe = new byte[1];
            body.Truncated = await stream.ReadAsync(probe, ct) > 0;
            return body;
        }
        catch
        {
            body.Dispose();
            throw;
        }
    }

    /// <summary>The first bytes, for byte-order marks and <c>&lt;meta charset&gt;</c> sniffing.</summary>
    public ReadOnlySpan<byte> Head => _segments.Count == 0 ? [] : _segments[0].AsSpan(0, Math.Min(Length, SegmentSize));

    /// <summary>Binary where text was promised (a decompression bomb's zeros, an image): a NUL byte outside UTF-16.</summary>
    public bool LooksBinary()
    {
        if (Head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || Head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return false;
        }

        for (var i = 0; i < _segments.Count; i++)
        {
            if (SegmentSpan(i).IndexOf((byte)0) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// <see cref="CharsetDecoder.LooksMislabelled"/> over the whole body. Segments that are each valid UTF-8 (most
    /// pages) answer at once; otherwise the body is joined in one pooled array for the careful count.
    /// </summary>
    public bool LooksMislabelledUtf8(int skip)
    {
        var allValid = true;
        for (var i = 0; i < _segments.Count && allValid; i++)
        {
            allValid = System.Text.Unicode.Utf8.IsValid(SegmentSpan(i));
        }

        if (allValid)
        {
            return false;
        }

        var joined = ArrayPool<byte>.Shared.Rent(Length);
        try
        {
            for (var i = 0; i < _segments.Count; i++)
            {
                SegmentSpan(i).CopyTo(joined.AsSpan(i * SegmentSize));
            }

            return CharsetDecoder.LooksMislabelled(joined.AsSpan(Math.Min(skip, Length), Length - Math.Min(skip, Length)), complete: !Truncated);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(joined);
        }
    }

    /// <summary>The text of the bytes after <paramref name="skip"/> (a byte-order mark), in a pooled array.</summary>
    public RentedText Decode(Encoding encoding, int skip)
    {
        // Counting first costs a fast pass over the bytes and rents the array the text needs, not the encoding's worst case.
        var count = 0;
        var decoder = encoding.GetDecoder();
        ForEachSegment(skip, (bytes, last) => count += decoder.GetCharCount(bytes, flush: last));
        var text = new RentedText(count);
        decoder.Reset();
        ForEachSegment(skip, (bytes, last) => text.Advance(decoder.GetChars(bytes, text.Free, flush: last)));
        return text;
    }

    private void ForEachSegment(int skip, SegmentAction action)
    {
        for (var i = 0; i < _segments.Count; i++)
        {
            var bytes = SegmentSpan(i);
            action(i == 0 ? bytes[Math.Min(skip, bytes.Length)..] : bytes, i == _segments.Count - 1);
        }
    }

    private delegate void SegmentAction(ReadOnlySpan<byte> bytes, bool last);

    private ReadOnlySpan<byte> SegmentSpan(int i) => _segments[i].AsSpan(0, i < _segments.Count - 1 ? SegmentSize : Length - (i * SegmentSize));

    public void Dispose()
    {
        foreach (var segment in _segments)
        {
            Segments.Return(segment);
        }

        _segments.Clear();
        Length = 0;
    }
}
