namespace Appliance.Scrape;

/// <summary>
/// A response body that must keep up a minimum average rate once a grace period has passed, as Kestrel asks of a
/// request body (240 bytes/s after 5 s) and curl's <c>--speed-limit</c> of a download. A site that sends its headers
/// and then a byte now and then would otherwise hold its fetch slot for the whole request timeout (20 s): on the lab's
/// web, 1 % of sites drip, and at 512 in flight they took a tenth of the slot-time. Each read gets the deadline by
/// which the next byte must arrive to keep the average; past it the read is cancelled and <see cref="TooSlow"/> says why.
/// </summary>
public sealed class MinimumRateStream(Stream inner, double minBytesPerSecond, TimeSpan grace, TimeProvider time) : Stream
{
    private readonly long _started = time.GetTimestamp();
    private long _bytes;
    private CancellationTokenSource? _deadline;
    private CancellationToken _linkedTo;

    /// <summary>Set when a read was cut for the rate: what arrived and over how long.</summary>
    public string? TooSlow { get; private set; }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
    {
        if (minBytesPerSecond <= 0)
        {
            return await inner.ReadAsync(buffer, ct);
        }

        // The next byte must arrive while the average since the headers is still at the minimum, and never before the grace ends.
        var due = TimeSpan.FromSeconds(Math.Max(grace.TotalSeconds, (_bytes + 1) / minBytesPerSecond));
        var left = due - time.GetElapsedTime(_started);
        if (left <= TimeSpan.Zero)
        {
            throw Slow();
        }

        // One deadline source for the body, re-armed each read (a page is read in several): a fresh linked source and
        // timer a read would be work on every fetch's path. A source that fired between reads is replaced.
        if (_deadline is null || _deadline.IsCancellationRequested || _linkedTo != ct)
        {
            _deadline?.Dispose();
            _deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            _linkedTo = ct;
        }

        _deadline.CancelAfter(left);
        try
        {
            var n = await inner.ReadAsync(buffer, _deadline.Token);
            _bytes += n;
            return n;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested && _deadline.IsCancellationRequested)
        {
            throw Slow();
        }
    }

    private OperationCanceledException Slow()
    {
        var seconds = time.GetElapsedTime(_started).TotalSeconds;
        TooSlow = $"body too slow: {_bytes:N0} bytes in {seconds:0.0} s, under {minBytesPerSecond:0} bytes/s";
        return new OperationCanceledException(TooSlow);
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("a fetched body is read asynchronously");

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) => ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _bytes;
        set => throw new NotSupportedException();
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _deadline?.Dispose();
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
