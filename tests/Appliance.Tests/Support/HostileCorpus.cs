using System.IO.Compression;
using System.Text;
using MiniExcelLibs;

namespace Appliance.Tests.Support;

/// <summary>
/// Lead files that real users send and hostile ones they might: each with the exact outcome
/// the ingest must produce (accepted count and rejects by reason), or the file-level refusal.
/// </summary>
public static class HostileCorpus
{
    public sealed record Case(string Name, Func<TempDirectory, string> Write, int Accepted, Dictionary<string, int> Rejects, string? Refusal = null)
    {
        public override string ToString() => Name;
    }

    private static Dictionary<string, int> None => [];

    public static IEnumerable<Case> All()
    {
        const string header = "website,company,first_name,last_name,email\n";
        yield return new("quoted_newlines.csv", d => d.Write("quoted_newlines.csv",
            header + "a.com,\"Acme,\nInc\",Ann,Lee,a@a.com\nb.com,B,Bo,Ng,b@b.com\n"), 2, None);
        yield return new("mixed_line_endings.csv", d => d.Write("mixed_line_endings.csv",
            "website,company\r\na.com,A\nb.com,B\rc.com,C\r\n"), 3, None);
        yield return new("semicolon.csv", d => d.Write("semicolon.csv",
            "website;company;email\na.com;\"A, Inc\";x@a.com\nb.com;B;y@b.com\n"), 2, None);
        yield return new("tab.tsv", d => d.Write("tab.tsv", "website\tcompany\na.com\tA\nb.com\tB\nc.com\tC\n"), 3, None);
        yield return new("pipe.csv", d => d.Write("pipe.csv", "url|company\na.com|A\n"), 1, None);
        yield return new("utf8_bom.csv", d => d.Write("utf8_bom.csv",
            [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes("website,company\na.com,Müller GmbH\n")]), 1, None);
        yield return new("utf16le_bom.csv", d => d.Write("utf16le_bom.csv",
            [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes("website,company\na.com,Müller GmbH\nb.com,Ærø ApS\n")]), 2, None);
        yield return new("utf16be_bom.csv", d => d.Write("utf16be_bom.csv",
            [.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes("website,company\na.com,Müller GmbH\n")]), 1, None);
        yield return new("bom_in_middle.csv", d => d.Write("bom_in_middle.csv",
            "website,company\na.com,A\n\uFEFFb.com,B\n"), 2, None);
        yield return new("excel_formulas.csv", d => d.Write("excel_formulas.csv",
            "website,company,phone\n=\"a.com\",A,=\"00123\"\n\"=\"\"b.com\"\"\",B,=\"0042\"\n"), 2, None);
        yield return new("duplicate_headers.csv", d => d.Write("duplicate_headers.csv",
            "website,company,website,company\na.com,A,other.com,A2\n"), 1, None);
        yield return new("header_only.csv", d => d.Write("header_only.csv", "website,company\n"), 0, None);
        yield return new("bad_rows.csv", d => d.Write("bad_rows.csv",
            "website,company,email\n" +            // 1
            "good.com,Good,g@good.com\n" +          // 2 ok
            ",No Url,x@x.com\n" +                   // 3 missing_url
            "n/a,Nope,x@x.com\n" +                  // 4 invalid_url
            "mailto:a@b.com,Mail,x@x.com\n" +       // 5 invalid_url
            "short.com,Short\n" +                   // 6 column_count
            "long.com,Long,l@l.com,extra\n" +       // 7 column_count
            "quote.com,\"Acme\"Corp,q@q.com\n" +    // 8 malformed_quote
            $"big.com,{new string('z', 70_000)},b@b.com\n" + // 9 field_too_long
            "fine.com,Fine,f@f.com\n"),             // 10 ok
            2, new() { ["missing_url"] = 1, ["invalid_url"] = 2, ["column_count"] = 2, ["malformed_quote"] = 1, ["field_too_long"] = 1 });
        yield return new("unterminated_quote.csv", d => d.Write("unterminated_quote.csv",
            "website,company\na.com,A\nb.com,\"B never closed\nc.com,C\n"), 1, new() { ["unterminated_quote"] = 1 });
        yield return new("huge_field_100mb.csv", WriteHugeField, 2, new() { ["field_too_long"] = 1 });

        yield return new("empty.csv", d => d.Write("empty.csv", ""), 0, None, "empty");
        yield return new("blank.csv", d => d.Write("blank.csv", "\uFEFF\n\n  \n"), 0, None, "empty");
        yield return new("binary.csv", d => d.Write("binary.csv", [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 7))]), 0, None, "binary");
        yield return new("no_url_column.csv", d => d.Write("no_url_column.csv", "company,email\nA,a@a.com\n"), 0, None, "no URL column");
        yield return new("text_named.xlsx", d => d.Write("text_named.xlsx", "website\na.com\n"), 0, None, "not a zip");
        yield return new("legacy.xls", d => d.Write("legacy.xls", [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0]), 0, None, "legacy Excel");
        yield return new("zip_not_workbook.xlsx", WriteZipNotWorkbook, 0, None, "not an XLSX workbook");
        yield return new("zip_bomb.xlsx", WriteZipBomb, 0, None, "zip bomb");
        yield return new("good.xlsx", WriteGoodXlsx, 3, new() { ["missing_url"] = 1 });
    }

    private static string WriteHugeField(TempDirectory d)
    {
        var path = d.File("huge_field_100mb.csv");
        using var w = new StreamWriter(path, false, new UTF8Encoding(false));
        w.Write("website,company\na.com,A\nhuge.com,\"");
        var chunk = new string('h', 1 << 20);
        for (var i = 0; i < 100; i++)
        {
            w.Write(chunk);
        }

        w.Write("\"\nc.com,C\n");
        return path;
    }

    private static string WriteZipNotWorkbook(TempDirectory d)
    {
        var path = d.File("zip_not_workbook.xlsx");
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        using var s = new StreamWriter(zip.CreateEntry("readme.txt").Open());
        s.Write("not a workbook");
        return path;
    }

    private static string WriteZipBomb(TempDirectory d)
    {
        var path = d.File("zip_bomb.xlsx");
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            using var s = zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.SmallestSize).Open();
            var zeros = new byte[1 << 20];
            for (var i = 0; i < 64; i++)
            {
                s.Write(zeros);
            }
        }

        return path;
    }

    private static string WriteGoodXlsx(TempDirectory d)
    {
        var path = d.File("good.xlsx");
        var rows = new[]
        {
            new Dictionary<string, object?> { ["Website"] = "a.com", ["Company"] = "A", ["Phone"] = 4155550100d },
            new Dictionary<string, object?> { ["Website"] = "b.com", ["Company"] = "B", ["Phone"] = null },
            new Dictionary<string, object?> { ["Website"] = null, ["Company"] = "No site", ["Phone"] = null },
            new Dictionary<string, object?> { ["Website"] = "https://c.com/x", ["Company"] = "C", ["Phone"] = null },
        };
        MiniExcel.SaveAs(path, rows);
        return path;
    }
}
