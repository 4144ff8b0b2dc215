using System.Text;

namespace Appliance.Ingest;

/// <summary>A CSV lead file: encoding from its BOM (UTF-8 without one), delimiter sniffed, header first.</summary>
public sealed class CsvLeadSource : ILeadRecordSource
{
    private readonly FileStream _stream;
    private readonly StreamReader _text;
    private readonly CsvRecordReader _reader;
    private readonly char _delimiter;

    public CsvLeadSource(FileStream stream, int maxFieldLength)
    {
        _stream = stream;
        _delimiter = DelimiterSniffer.Sniff(ReadPrefix(stream));
        stream.Position = 0;
        _text = new StreamReader(stream, new UTF8Encoding(false, throwOnInvalidBytes: false), detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        _reader = new CsvRecordReader(_text, _delimiter, maxFieldLength);
        if (!_reader.Read())
        {
            throw new LeadFileException("the file has no header row: it is empty or blank");
        }

        if (_reader.Problem is { } p)
        {
            throw new LeadFileException($"the header row cannot be read: {p.Detail}");
        }

        Header = Enumerable.Range(0, _reader.FieldCount).Select(i => _reader[i]).ToArray();
    }

    public string Format => "csv";

    public IReadOnlyList<string> Header { get; }

    public bool StrictFieldCount => true;

    public int RowNumber => _reader.LineNumber;

    public int FieldCount => _reader.FieldCount;

    public string this[int index] => _reader[index];

    public RowProblem? Problem => _reader.Problem;

    public double Progress => _stream.Length == 0 ? 1 : (double)_stream.Position / _stream.Length;

    public bool Read() => _reader.Read();

    public string Excerpt() => FieldText.Excerpt(Enumerable.Range(0, FieldCount).Select(i => _reader[i]), _delimiter);

    public void Dispose() => _text.Dispose();

    private static string ReadPrefix(FileStream stream)
    {
        stream.Position = 0;
        using var prefix = new StreamReader(stream, new UTF8Encoding(false, false), true, 1 << 16, leaveOpen: true);
        var buffer = new char[1 << 16];
        var n = prefix.ReadBlock(buffer, 0, buffer.Length);
        return new string(buffer, 0, n);
    }
}
