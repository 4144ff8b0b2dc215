using System.IO.Compression;
using System.Text;

namespace Appliance.Tests.Support;

/// <summary>
/// An XLSX lead file whose shared-strings part is a bomb: a few real leads, then one string cell repeated until the
/// part holds <c>sharedStringsBytes</c> of XML. Deflate shrinks the repetition ~200-fold, so a small file expands
/// into as much string data as asked — what ExcelDataReader would load whole. Truth: the first <see cref="Leads"/>
/// rows are good leads; the file is refused when the part is over <c>Ingest:MaxXlsxSharedStringsBytes</c>.
/// </summary>
public static class XlsxBomb
{
    public const int Leads = 3;

    /// <summary>Writes the workbook; returns the shared-strings part's uncompressed size in bytes.</summary>
    public static long Write(string path, long sharedStringsBytes)
    {
        using var file = File.Create(path);
        using var zip = new ZipArchive(file, ZipArchiveMode.Create);
        Part(zip, "[Content_Types].xml", """
            <?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>
            """);
        Part(zip, "_rels/.rels", """
            <?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>
            """);
        Part(zip, "xl/workbook.xml", """
            <?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Leads" sheetId="1" r:id="rId1"/></sheets></workbook>
            """);
        Part(zip, "xl/_rels/workbook.xml.rels", """
            <?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>
            """);

        // Strings 0-1: the header; 2..: each lead's URL and company. Cells refer to them by index.
        var strings = new List<string> { "website", "company" };
        var sheet = new StringBuilder("""<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>""");
        for (var i = 0; i < Leads; i++)
        {
            strings.Add($"https://bomb-{i}.example/");
            strings.Add($"Bomb {i} Ltd");
            sheet.Append($"""<row r="{i + 2}"><c r="A{i + 2}" t="s"><v>{strings.Count - 2}</v></c><c r="B{i + 2}" t="s"><v>{strings.Count - 1}</v></c></row>""");
        }

        Part(zip, "xl/worksheets/sheet1.xml", sheet.Append("</sheetData></worksheet>").ToString());
        return WriteSharedStrings(zip, strings, sharedStringsBytes);
    }

    private static long WriteSharedStrings(ZipArchive zip, List<string> strings, long bytes)
    {
        using var part = new CountingStream(zip.CreateEntry("xl/sharedStrings.xml", CompressionLevel.Optimal).Open());
        using (var writer = new StreamWriter(part, new UTF8Encoding(false), 1 << 16, leaveOpen: true))
        {
            writer.Write("""<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">""");
            foreach (var s in strings)
            {
                writer.Write($"<si><t>{s}</t></si>");
            }

            // The padding: strings no cell refers to, which a reader that loads the part whole still holds.
            var filler = "<si><t>" + new string('x', 1000) + "</t></si>";
            while (part.Written + writer.Encoding.GetByteCount(filler) + 6 < bytes)
            {
                writer.Write(filler);
                writer.Flush();
            }

            writer.Write("</sst>");
        }

        return part.Written;
    }

    private static void Part(ZipArchive zip, string name, string xml)
    {
        using var writer = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
        writer.Write(xml.Trim());
    }

    private sealed class CountingStream(Stream inner) : Stream
    {
        public long Written { get; private set; }

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => Written;
        public override long Position { get => Written; set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count)
        {
            inner.Write(buffer, offset, count);
            Written += count;
        }

        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
