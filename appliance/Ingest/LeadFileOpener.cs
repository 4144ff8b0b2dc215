namespace Appliance.Ingest;

/// <summary>
/// Opens a lead file as CSV or XLSX from what its first bytes say (not its name), and refuses
/// what is neither — empty, binary, legacy .xls, an ".xlsx" that is not a zip — with a clear message.
/// </summary>
public static class LeadFileOpener
{
    public static ILeadRecordSource Open(string path, IngestOptions options)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        try
        {
            var head = new byte[8192];
            var n = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            var kind = Sniff(head.AsSpan(0, n), Path.GetExtension(path));
            stream.Position = 0;
            return kind == "xlsx"
                ? new XlsxLeadSource(stream, options)
                : new CsvLeadSource(stream, options.MaxFieldLength);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>"csv" or "xlsx", or throws <see cref="LeadFileException"/> for a file that is neither.</summary>
    public static string Sniff(ReadOnlySpan<byte> head, string extension)
    {
        if (head.IsEmpty || IsBlank(head))
        {
            throw new LeadFileException("the file is empty");
        }

        if (head.StartsWith("PK\x03\x04"u8))
        {
            return "xlsx";
        }

        if (extension.Equals(".xlsx", StringComparison.OrdinalIgnoreCase))
        {
            throw new LeadFileException("the file is named .xlsx but is not an XLSX workbook (not a zip archive)");
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0]))
        {
            throw new LeadFileException("legacy Excel .xls files are not supported: save the sheet as .xlsx or CSV");
        }

        var utf16 = head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]);
        if (!utf16 && head.Contains((byte)0))
        {
            var what = head.StartsWith("%PDF"u8) ? "a PDF document" : head.StartsWith((ReadOnlySpan<byte>)[0x1F, 0x8B]) ? "a gzip archive" : "binary data";
            throw new LeadFileException($"the file is {what}, not a CSV or XLSX lead file");
        }

        return "csv";
    }

    private static bool IsBlank(ReadOnlySpan<byte> head)
    {
        var rest = head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? head[3..] : head;
        foreach (var b in rest)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                return false;
            }
        }

        return true;
    }
}
