using System.Buffers;

namespace Appliance.Scrape;

/// <summary>
/// Text in a char array rented from the shared pool: a decoded page, or its visible text, for the time
/// one parse works on it. Pages of 40,000 chars and more would each be a large-object string; parses
/// run on a few threads of their own (<see cref="ParseThreads"/>), so the same few arrays serve every page.
/// </summary>
public sealed class RentedText : IDisposable
{
    private static ArrayPool<char> Pool => ArrayPool<char>.Shared;

    private char[]? _chars;

    public RentedText(int capacity) => _chars = Pool.Rent(Math.Max(capacity, 1));

    public int Length { get; private set; }

    public ReadOnlyMemory<char> Memory => Chars.AsMemory(0, Length);

    public ReadOnlySpan<char> Span => Chars.AsSpan(0, Length);

    /// <summary>The room left to write into; <see cref="Advance"/> says how much was written.</summary>
    public Span<char> Free => Chars.AsSpan(Length);

    private char[] Chars => _chars ?? throw new ObjectDisposedException(nameof(RentedText));

    public void Advance(int count) => Length += count;

    public void Append(char c)
    {
        if (Length == Chars.Length)
        {
            var bigger = Pool.Rent(Chars.Length * 2);
            Span.CopyTo(bigger);
            Pool.Return(Chars);
            _chars = bigger;
        }

        _chars![Length++] = c;
    }

    public void Append(ReadOnlySpan<char> chars)
    {
        if (Length + chars.Length > Chars.Length)
        {
            var bigger = Pool.Rent(Math.Max(Chars.Length * 2, Length + chars.Length));
            Span.CopyTo(bigger);
            Pool.Return(Chars);
            _chars = bigger;
        }

        chars.CopyTo(_chars.AsSpan(Length));
        Length += chars.Length;
    }

    public override string ToString() => new(Span);

    public void Dispose()
    {
        if (_chars is not null)
        {
            Pool.Return(_chars);
            _chars = null;
        }
    }
}
