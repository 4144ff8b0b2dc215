namespace Appliance.Tests.Support;

/// <summary>A TextReader that produces a prefix, <c>count</c> copies of one character, then a suffix, without holding them.</summary>
public sealed class GeneratedTextReader(string prefix, char fill, long count, string suffix) : TextReader
{
    private long _position;

    public override int Read(char[] buffer, int index, int length)
    {
        var total = prefix.Length + count + suffix.Length;
        var n = 0;
        while (n < length && _position < total)
        {
            buffer[index + n++] = _position < prefix.Length
                ? prefix[(int)_position]
                : _position < prefix.Length + count ? fill : suffix[(int)(_position - prefix.Length - count)];
            _position++;
        }

        return n;
    }
}
