using Appliance.Ingest;
using Appliance.Tests.Support;

namespace Appliance.Tests.Ingest;

public class CsvRecordReaderTests
{
    private static List<(int Line, string[] Fields, string? Reason)> ReadAll(string text, char delimiter = ',', int maxField = 65_536)
    {
        var reader = new CsvRecordReader(new StringReader(text), delimiter, maxField);
        var records = new List<(int, string[], string?)>();
        while (reader.Read())
        {
            records.Add((reader.LineNumber, Enumerable.Range(0, reader.FieldCount).Select(i => reader[i]).ToArray(), reader.Problem?.Reason));
        }

        return records;
    }

    [Fact]
    public void QuotedFields_KeepDelimitersNewlinesAndDoubledQuotes()
    {
        var records = ReadAll("a,b\n\"x,1\",\"say \"\"hi\"\"\nthere\"\nlast,row\n");

        Assert.Equal(3, records.Count);
        Assert.Equal(["x,1", "say \"hi\"\nthere"], records[1].Fields);
        Assert.Equal(2, records[1].Line);
        Assert.Equal(4, records[2].Line); // the quoted newline moved the next record down a line
    }

    [Fact]
    public void MixedLineEndings_AreAllRecordBreaks()
    {
        var records = ReadAll("h1,h2\r\na,1\nb,2\rc,3\r\n");

        Assert.Equal(["h1", "a", "b", "c"], records.Select(r => r.Fields[0]));
        Assert.Equal([1, 2, 3, 4], records.Select(r => r.Line));
    }

    [Fact]
    public void BlankLines_AreSkipped_ButCounted()
    {
        var records = ReadAll("h\n\n\nx\n");

        Assert.Equal(2, records.Count);
        Assert.Equal(4, records[1].Line);
    }

    [Fact]
    public void TextAfterClosingQuote_MarksOnlyThatRecordMalformed()
    {
        var records = ReadAll("h1,h2\n\"Acme\"Corp,1\nok,2\n");

        Assert.Equal(RowProblem.MalformedQuote, records[1].Reason);
        Assert.Null(records[2].Reason);
        Assert.Equal(["ok", "2"], records[2].Fields);
    }

    [Fact]
    public void QuoteInsideUnquotedField_IsLiteral()
    {
        var records = ReadAll("h1,h2\n=\"00123\",5 \"inch\"\n");

        Assert.Null(records[1].Reason);
        Assert.Equal(["=\"00123\"", "5 \"inch\""], records[1].Fields);
    }

    [Fact]
    public void UnterminatedQuote_IsReportedOnTheRecordWhereItOpens()
    {
        var records = ReadAll("h1,h2\nok,1\nbad,\"never closed\nmore\n");

        Assert.Equal(3, records.Count);
        Assert.Null(records[1].Reason);
        Assert.Equal(RowProblem.UnterminatedQuote, records[2].Reason);
        Assert.Equal(3, records[2].Line);
    }

    [Fact]
    public void FieldOverTheLimit_IsRejected_AndTheNextRecordReadsNormally()
    {
        var records = ReadAll($"h1,h2\n{new string('x', 200)},1\nok,2\n", maxField: 100);

        Assert.Equal(RowProblem.FieldTooLong, records[1].Reason);
        Assert.Equal(["ok", "2"], records[2].Fields);
        Assert.Equal(3, records[2].Line);
    }

    [Fact]
    public void HundredMegabyteField_IsRejectedWithoutBeingHeld()
    {
        const long size = 100L * 1024 * 1024;
        var input = new GeneratedTextReader("h1,h2\nfirst,1\n\"", 'y', size, "\",2\nafter,3\n");
        var reader = new CsvRecordReader(input, ',', 65_536);
        var before = GC.GetAllocatedBytesForCurrentThread();

        var seen = new List<(string First, string? Reason, int Line)>();
        while (reader.Read())
        {
            seen.Add((reader.Problem is null ? reader[0] : "rejected", reader.Problem?.Reason, reader.LineNumber));
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(["h1", "first", "rejected", "after"], seen.Select(s => s.First));
        Assert.Equal(RowProblem.FieldTooLong, seen[2].Reason);
        Assert.Equal(4, seen[3].Line);
        Assert.True(allocated < 10 * 1024 * 1024, $"reading a 100 MB field allocated {allocated:N0} bytes");
    }

    [Fact]
    public void OtherDelimiters_SplitFields()
    {
        Assert.Equal(["a", "b;c"], ReadAll("a\t\"b;c\"\n", '\t')[0].Fields);
        Assert.Equal(["a", "b"], ReadAll("a|b", '|')[0].Fields);
    }

    [Fact]
    public void LastRecordWithoutNewline_IsRead()
    {
        var records = ReadAll("h\nlast");

        Assert.Equal(["h", "last"], records.Select(r => r.Fields[0]));
    }
}
