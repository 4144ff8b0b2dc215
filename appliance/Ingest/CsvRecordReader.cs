using System.Buffers;

namespace Appliance.Ingest;

/// <summary>
/// A streaming RFC 4180 record reader that keeps going past bad records: a malformed or
/// unterminated quote, a field over the length limit or a record over the size limit marks
/// that record with a <see cref="RowProblem"/> and reading resumes at the next one. Memory is
/// bounded by the limits, whatever the file holds (a 100 MB field costs 64 K characters).
/// </summary>
/// <remarks>
/// General CSV libraries (Sylvan, CsvHelper) report these cases by throwing from <c>Read()</c>,
/// which ends the file; a lead upload must instead reject the row and load the rest.
/// Accepts CRLF, LF and lone CR line endings, mixed. A quote inside an unquoted field is literal
/// (Excel's <c>="00123"</c>); text after a closing quote is a malformed quote.
/// </remarks>
public sealed class CsvRecordReader
{
    private const int BufferSize = 1 << 16;
    private const int MaxFields = 4096;
    private readonly TextReader _reader;
    private readonly char _delimiter;
    private readonly int _maxFieldLength;
    private readonly int _maxRecordLength;
    private readonly SearchValues<char> _stops;
    private readonly char[] _buffer = new char[BufferSize];
    private int _pos;
    private int _len;
    private bool _eof;
    private int _line = 1;

    private char[] _field = new char[256];
    private int _fieldLength;
    private bool _fieldOverflow;
    private string[] _fields = new string[16];
    private int _recordChars;
    private bool _sawQuote;

    public CsvRecordReader(TextReader reader, char delimiter, int maxFieldLength = 65_536, int maxRecordLength = 1 << 20)
    {
        _reader = reader;
        _delimiter = delimiter;
        _maxFieldLength = maxFieldLength;
        _maxRecordLength = maxRecordLength;
        _stops = SearchValues.Create([delimiter, '\r', '\n']);
    }

    /// <summary>The 1-based line on which the current record starts.</summary>
    public int LineNumber { get; private set; }

    public int FieldCount { get; private set; }

    public RowProblem? Problem { get; private set; }

    public string this[int index] => _fields[index];

    /// <summary>Reads the next non-blank record; false at the end of the input.</summary>
    public bool Read()
    {
        while (Fill())
        {
            LineNumber = _line;
            FieldCount = 0;
            Problem = null;
            _recordChars = 0;
            _sawQuote = false;
            Terminator end;
            do
            {
                end = ReadField();
                CommitField();
            }
            while (end == Terminator.Delimiter);

            if (FieldCount == 1 && _fields[0].Length == 0 && !_sawQuote)
            {
                continue; // blank line
            }

            return true;
        }

        return false;
    }

    private enum Terminator { Delimiter, EndOfLine, EndOfFile }

    private Terminator ReadField()
    {
        _fieldLength = 0;
        _fieldOverflow = false;
        if (!Fill())
        {
            return Terminator.EndOfFile;
        }

        if (_buffer[_pos] == '"')
        {
            _pos++;
            _sawQuote = true;
            return ReadQuoted();
        }

        return ReadUnquoted();
    }

    private Terminator ReadUnquoted()
    {
        while (Fill())
        {
            var span = _buffer.AsSpan(_pos, _len - _pos);
            var i = span.IndexOfAny(_stops);
            if (i < 0)
            {
                Append(span);
                _pos = _len;
                continue;
            }

            Append(span[..i]);
            _pos += i;
            return ConsumeTerminator();
        }

        return Terminator.EndOfFile;
    }

    private Terminator ReadQuoted()
    {
        while (true)
        {
            if (!Fill())
            {
                SetProblem(RowProblem.UnterminatedQuote, $"field {FieldCount + 1} opens a quote that is never closed before the end of the file");
                return Terminator.EndOfFile;
            }

            var span = _buffer.AsSpan(_pos, _len - _pos);
            var i = span.IndexOf('"');
            var chunk = i < 0 ? span : span[..i];
            _line += CountLineBreaks(chunk);
            Append(chunk);
            _pos += chunk.Length;
            if (i < 0)
            {
                continue;
            }

            _pos++; // the quote
            if (!Fill())
            {
                return Terminator.EndOfFile;
            }

            var next = _buffer[_pos];
            if (next == '"')
            {
                Append("\"");
                _pos++;
                continue;
            }

            if (next == _delimiter || next == '\r' || next == '\n')
            {
                return ConsumeTerminator();
            }

            SetProblem(RowProblem.MalformedQuote, $"field {FieldCount + 1} has text after its closing quote");
            return ReadUnquoted();
        }
    }

    private Terminator ConsumeTerminator()
    {
        var c = _buffer[_pos++];
        if (c == _delimiter)
        {
            return Terminator.Delimiter;
        }

        if (c == '\r' && Fill() && _buffer[_pos] == '\n')
        {
            _pos++;
        }

        _line++;
        return Terminator.EndOfLine;
    }

    private static int CountLineBreaks(ReadOnlySpan<char> chunk)
    {
        var lf = chunk.Count('\n');
        var cr = chunk.Count('\r');
        return cr == 0 ? lf : lf + cr - chunk.Count("\r\n");
    }

    private void Append(ReadOnlySpan<char> chars)
    {
        _recordChars += chars.Length;
        if (_fieldOverflow)
        {
            return;
        }

        if (_fieldLength + chars.Length > _maxFieldLength)
        {
            _fieldOverflow = true;
            SetProblem(RowProblem.FieldTooLong, $"field {FieldCount + 1} is longer than {_maxFieldLength:N0} characters");
            return;
        }

        if (_fieldLength + chars.Length > _field.Length)
        {
            Array.Resize(ref _field, Math.Min(_maxFieldLength, Math.Max(_field.Length * 2, _fieldLength + chars.Length)));
        }

        chars.CopyTo(_field.AsSpan(_fieldLength));
        _fieldLength += chars.Length;
    }

    private void CommitField()
    {
        _recordChars++; // the delimiter or line break
        if (_recordChars > _maxRecordLength)
        {
            SetProblem(RowProblem.RecordTooLong, $"the record is longer than {_maxRecordLength:N0} characters");
            _fieldLength = 0; // keep reading to the record's end, storing nothing more
        }

        if (FieldCount == MaxFields)
        {
            SetProblem(RowProblem.RecordTooLong, $"the record has more than {MaxFields:N0} fields");
            return;
        }

        if (FieldCount == _fields.Length)
        {
            Array.Resize(ref _fields, _fields.Length * 2);
        }

        _fields[FieldCount++] = _fieldLength == 0 ? "" : new string(_field, 0, _fieldLength);
    }

    private void SetProblem(string reason, string detail) => Problem ??= new RowProblem(reason, detail);

    private bool Fill()
    {
        if (_pos < _len)
        {
            return true;
        }

        if (_eof)
        {
            return false;
        }

        _len = _reader.Read(_buffer, 0, _buffer.Length);
        _pos = 0;
        _eof = _len == 0;
        return !_eof;
    }
}
