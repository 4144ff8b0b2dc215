using System.Globalization;
using System.IO.Compression;
using ExcelDataReader;

namespace Appliance.Ingest;

/// <summary>
/// An XLSX lead file: the first sheet, or the one named in <c>Ingest:Sheet</c>, read row by row
/// (ExcelDataReader streams the sheet XML). The archive is checked for zip bombs before
/// anything is decompressed.
/// </summary>
/// <remarks>
/// ExcelDataReader streams the sheet but loads the shared-strings part whole when it opens the workbook, so that
/// part has a cap of its own (<c>Ingest:MaxXlsxSharedStringsBytes</c>): a 10 MB file could otherwise hold 2 GiB
/// of strings. The cap is checked on the entry's declared size because that is a hard bound on what is read:
/// .NET's <see cref="ZipArchiveEntry"/> stream ends at the declared uncompressed size, whatever the compressed
/// data would expand to (a test pins this), so a part that lies about its size comes out cut and is refused as
/// corrupt rather than expanded.
/// </remarks>
public sealed class XlsxLeadSource : ILeadRecordSource
{
    private readonly FileStream _stream;
    private readonly IExcelDataReader _reader;
    private readonly string[] _fields = new string[4096];

    // ExcelDataReader's configuration asks for code page 1252, which .NET only has through this provider.
    static XlsxLeadSource() => System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);

    public XlsxLeadSource(FileStream stream, IngestOptions options)
    {
        _stream = stream;
        var sheet = options.Sheet;
        CheckArchive(stream, options.MaxXlsxUncompressedBytes, options.MaxXlsxSharedStringsBytes);
        stream.Position = 0;
        try
        {
            _reader = ExcelReaderFactory.CreateOpenXmlReader(stream, new ExcelReaderConfiguration { LeaveOpen = true });
        }
        catch (Exception e) when (e is ExcelDataReader.Exceptions.ExcelReaderException or InvalidDataException or System.Xml.XmlException)
        {
            throw new LeadFileException($"the XLSX file cannot be read: {e.Message}");
        }

        if (sheet is not null)
        {
            while (!string.Equals(_reader.Name, sheet, StringComparison.OrdinalIgnoreCase))
            {
                if (!_reader.NextResult())
                {
                    throw new LeadFileException($"the workbook has no sheet named '{sheet}' (Ingest:Sheet)");
                }
            }
        }

        while (true)
        {
            if (!ReadRow())
            {
                throw new LeadFileException("the sheet has no header row: it is empty");
            }

            if (Enumerable.Range(0, FieldCount).Any(i => _fields[i].Length > 0))
            {
                break;
            }
        }

        Header = _fields[..FieldCount];
    }

    public string Format => "xlsx";

    public IReadOnlyList<string> Header { get; }

    public bool StrictFieldCount => false;

    public int RowNumber { get; private set; }

    public int FieldCount { get; private set; }

    public string this[int index] => _fields[index];

    public RowProblem? Problem => null;

    public double Progress => _reader.RowCount == 0 ? 1 : Math.Min(1, (double)RowNumber / _reader.RowCount);

    public bool Read()
    {
        while (ReadRow())
        {
            if (Enumerable.Range(0, FieldCount).Any(i => _fields[i].Length > 0))
            {
                return true;
            }
        }

        return false;
    }

    public string Excerpt() => FieldText.Excerpt(_fields.Take(FieldCount), ',');

    public void Dispose()
    {
        _reader.Dispose();
        _stream.Dispose();
    }

    private bool ReadRow()
    {
        bool more;
        try
        {
            more = _reader.Read();
        }
        catch (Exception e) when (e is InvalidDataException or System.Xml.XmlException or ExcelDataReader.Exceptions.ExcelReaderException)
        {
            throw new LeadFileException($"the XLSX sheet is corrupt near row {RowNumber + 1}: {e.Message}");
        }

        if (!more)
        {
            return false;
        }

        RowNumber = _reader.Depth + 1;
        FieldCount = Math.Min(_reader.FieldCount, _fields.Length);
        for (var i = 0; i < FieldCount; i++)
        {
            _fields[i] = Text(_reader.GetValue(i));
        }

        return true;
    }

    private static string Text(object? value) => value switch
    {
        null or DBNull => "",
        string s => s,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        DateTime t => t.ToString(t.TimeOfDay == TimeSpan.Zero ? "yyyy-MM-dd" : "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    // ExcelDataReader finds the part through the workbook's relationships; Excel and every other writer name it
    // sharedStrings.xml. Both are checked: anything of that name in any folder, and whatever the relationship names.
    private static bool IsSharedStrings(ZipArchiveEntry entry) =>
        entry.Name.StartsWith("sharedStrings", StringComparison.OrdinalIgnoreCase);

    private static string? SharedStringsTarget(ZipArchive zip)
    {
        if (zip.GetEntry("xl/_rels/workbook.xml.rels") is not { Length: <= 1024 * 1024 } rels)
        {
            return null;
        }

        using var reader = System.Xml.XmlReader.Create(rels.Open(), new System.Xml.XmlReaderSettings { DtdProcessing = System.Xml.DtdProcessing.Prohibit });
        while (reader.Read())
        {
            if (reader.NodeType == System.Xml.XmlNodeType.Element && reader.LocalName == "Relationship"
                && reader.GetAttribute("Type")?.EndsWith("/sharedStrings", StringComparison.Ordinal) == true
                && reader.GetAttribute("Target") is { } target)
            {
                return target.StartsWith('/') ? target[1..] : "xl/" + target;
            }
        }

        return null;
    }

    /// <summary>Refuses archives that would expand past the limit or by an implausible ratio.</summary>
    private static void CheckArchive(FileStream stream, long maxUncompressedBytes, long maxSharedStringsBytes)
    {
        try
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
            long total = 0;
            foreach (var entry in zip.Entries)
            {
                total += entry.Length;
                var ratio = entry.CompressedLength == 0 ? 0 : (double)entry.Length / entry.CompressedLength;
                if (entry.Length > 10_000_000 && ratio > 200)
                {
                    throw new LeadFileException($"the XLSX file looks like a zip bomb: '{entry.FullName}' expands {ratio:0}× to {entry.Length:N0} bytes");
                }
            }

            if (total > maxUncompressedBytes)
            {
                throw new LeadFileException($"the XLSX file expands to {total:N0} bytes, over the {maxUncompressedBytes:N0}-byte limit (Ingest:MaxXlsxUncompressedBytes)");
            }

            if (zip.GetEntry("xl/workbook.xml") is null)
            {
                throw new LeadFileException("the file is a zip archive but not an XLSX workbook (no xl/workbook.xml)");
            }

            var named = SharedStringsTarget(zip);
            foreach (var entry in zip.Entries.Where(e => IsSharedStrings(e) || string.Equals(e.FullName, named, StringComparison.OrdinalIgnoreCase)))
            {
                if (entry.Length > maxSharedStringsBytes)
                {
                    throw new LeadFileException($"the XLSX file's shared strings ('{entry.FullName}') expand to {entry.Length:N0} bytes, over the "
                        + $"{maxSharedStringsBytes:N0}-byte limit (Ingest:MaxXlsxSharedStringsBytes)");
                }
            }
        }
        catch (InvalidDataException e)
        {
            throw new LeadFileException($"the XLSX file is not a valid zip archive: {e.Message}");
        }
        catch (System.Xml.XmlException e)
        {
            throw new LeadFileException($"the XLSX file's workbook relationships cannot be read: {e.Message}");
        }
    }
}
