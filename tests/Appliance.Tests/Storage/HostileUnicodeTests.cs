using System.Text;
using Appliance.Export;
using Appliance.Generate;
using Appliance.Ingest;
using Appliance.Pipeline;
using Appliance.Scrape;
using Appliance.Storage;
using Appliance.Tests.Support;
using CsCheck;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Appliance.Tests.Storage;

/// <summary>
/// Random Unicode — lone surrogates, NUL, combining marks, right-to-left text and controls, 4-byte characters,
/// ZWJ sequences and flags, each placed on either side of every cap — through ingest → extraction → the scrape
/// write → template generation → the message write → export. Every write must be accepted by PostgreSQL (Npgsql
/// encodes strictly, so one lone surrogate fails a whole batch) and every text read back must be well-formed.
/// </summary>
public class HostileUnicodeTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    private static readonly UTF8Encoding Strict = new(false, throwOnInvalidBytes: true);

    // The caps text meets on its way: reject excerpts (200) and URL details (80), header names (40), the template's
    // description (160), the prompt's excerpt (1200), the page excerpt (2000).
    private static readonly int[] Caps = [40, 80, 160, 200, 1200, 2000];

    private static readonly Gen<string> Piece = Gen.OneOf(
        Gen.String[Gen.Char['a', 'z'], 1, 8],
        Gen.Const("\0"), Gen.Const("\uD83D"), Gen.Const("\uDE00"), Gen.Const("\uDBFF\uDBFF"),     // NUL, lone halves
        Gen.Const("😀"), Gen.Const("𠀋"), Gen.Const("👨‍👩‍👧"), Gen.Const("👍🏽"), Gen.Const("🇵🇱"),   // 4-byte, ZWJ, modifier, flag
        Gen.Char['\u0300', '\u036F'].Select(c => "e" + c + c),                                // combining marks
        Gen.Const("\u202Eשלום مرحبا\u202C"), Gen.Const("\u200F"), Gen.Const("\uFEFF"),            // RTL, marks, BOM
        Gen.Const("\u001F"), Gen.Const("\r\n"), Gen.Const("\"") , Gen.Const(","), Gen.Const("<"), Gen.Const("&#xD83D;"));

    /// <summary>Hostile text with a hostile piece straddling one of the caps.</summary>
    private static readonly Gen<string> Text =
        Gen.Select(Gen.OneOf(Caps), Gen.Int[-3, 1], Piece.Array[1, 6], Piece.Array[0, 4])
            .Select((cap, shift, around, tail) =>
            {
                var head = string.Concat(around);
                return new string('w', Math.Max(0, cap + shift - 1)) + head + string.Concat(tail);
            });

    [Fact]
    public async Task RandomUnicode_ThroughIngestExtractionGenerationAndExport_IsAlwaysAcceptedAndWellFormed()
    {
        await Gen.Select(Text.Array[3, 3], Text, Text).SampleAsync(
            async (fields, pageText, description) =>
            {
                using var dir = new TempDirectory();
                var upload = await IngestAsync(dir, fields);
                await ScrapeAsync(upload, Page(fields, pageText, description));
                await GenerateAsync(upload);
                await ExportAsync(upload);
            },
            iter: 40, threads: 1);
    }

    private async Task<long> IngestAsync(TempDirectory dir, string[] fields)
    {
        // One good row with the hostile fields, one rejected row (no URL) whose excerpt is cut near 200, a hostile header.
        var csv = new StringBuilder();
        csv.Append("website,company,contact,").Append(Csv(fields[2])).Append('\n');
        csv.Append("https://hostile.example/,").Append(Csv(fields[0])).Append(',').Append(Csv(fields[1])).Append(",x\n");
        csv.Append(',').Append(Csv(fields[0])).Append(',').Append(Csv(fields[1])).Append(",x\n");
        var path = dir.Write("leads.csv", RawUtf16(csv.ToString()));
        var ingestor = new UploadIngestor(db.DataSource, Options.Create(new IngestOptions()), NullLogger<UploadIngestor>.Instance);
        var id = await ingestor.RegisterAsync("hostile" + fields[0][..Math.Min(3, fields[0].Length)] + ".csv", 1, path);

        var result = await ingestor.IngestAsync(id, path);

        Assert.Equal("ingested", result.State);
        Assert.Equal(1, result.Accepted);
        await AssertWellFormedAsync("SELECT concat_ws('|', company, contact, extra::text) FROM websites WHERE file_upload_id = @id", id);
        await AssertWellFormedAsync("SELECT concat_ws('|', detail, excerpt) FROM upload_rejects WHERE file_upload_id = @id", id);
        return id;
    }

    private async Task ScrapeAsync(long upload, string html)
    {
        var facts = new PageExtractor().Extract(html, new Uri("https://hostile.example/"));
        var states = PipelineParts.States(db.DataSource);
        var claimed = await states.ClaimScrapeAsync(upload, IdRange.All, "test", CancellationToken.None);
        var row = Assert.Single(claimed);

        await states.WriteScrapedAsync([(row.Id, new ScrapeResult(ScrapeResult.Done, null, 200, facts.Cut, "https://hostile.example/", facts, html.Length, false, 1))],
            CancellationToken.None);

        // The runner's writer isolates a row PostgreSQL refuses and fails it (write_refused): the row must have been stored as done.
        await using (var conn = await db.DataSource.OpenConnectionAsync())
        {
            Assert.Equal(("done", (string?)null), await conn.QuerySingleAsync<(string, string?)>(
                "SELECT scraping_status, failure_reason FROM websites WHERE id = @Id", new { row.Id }));
        }

        await AssertWellFormedAsync("""
            SELECT concat_ws('|', title, description, language, open_graph::text, array_to_string(headings, '|'), text_excerpt, error)
            FROM websites WHERE file_upload_id = @id AND scraping_status = 'done'
            """, upload);
    }

    private async Task GenerateAsync(long upload)
    {
        var states = PipelineParts.States(db.DataSource);
        var leads = await states.ClaimGenerateAsync(upload, IdRange.All, "test", CancellationToken.None);
        var lead = Assert.Single(leads).Lead;
        var message = TemplateGenerator.Generate(lead);
        Assert.True(StoredText.IsClean(message.Body));
        Assert.True(StoredText.IsClean(PromptTemplate.Default().Render(lead)));

        await states.SaveMessagesAsync(upload, [(lead, message)], CancellationToken.None);

        await using (var conn = await db.DataSource.OpenConnectionAsync())
        {
            Assert.Equal("done", await conn.QuerySingleAsync<string>("SELECT generation_status FROM websites WHERE id = @WebsiteId", new { lead.WebsiteId }));
        }

        await AssertWellFormedAsync("SELECT body FROM messages WHERE file_upload_id = @id", upload);
    }

    private async Task ExportAsync(long upload)
    {
        using var buffer = new MemoryStream();
        await using (var writer = new StreamWriter(buffer, Strict, leaveOpen: true))
        {
            Assert.Equal(1, await new ExportWriter(db.DataSource).WriteAsync(upload, writer, CancellationToken.None));
        }

        var csv = Strict.GetString(buffer.ToArray());
        Assert.True(StoredText.IsClean(csv));
    }

    private async Task AssertWellFormedAsync(string sql, long id)
    {
        await using var conn = await db.DataSource.OpenConnectionAsync();
        foreach (var text in await conn.QueryAsync<string?>(sql, new { id }))
        {
            Assert.True(text is null || StoredText.IsClean(text), $"not well-formed: {text}");
        }
    }

    private static string Page(string[] fields, string text, string description) =>
        $"""
        <html lang="{Attr(fields[0])}"><head><title>{text}</title><meta name="description" content="{Attr(description)}">
        <meta property="og:{Attr(fields[1])}" content="{Attr(text)}"></head>
        <body><h1>{description}</h1><p>{text}</p><p>{description}</p><div>{fields[2]}</div></body></html>
        """;

    /// <summary>UTF-16LE with a BOM, every unit as it is: the one file encoding that can carry lone surrogates and NUL.</summary>
    private static byte[] RawUtf16(string text)
    {
        var bytes = new byte[2 + (2 * text.Length)];
        bytes[0] = 0xFF;
        bytes[1] = 0xFE;
        for (var i = 0; i < text.Length; i++)
        {
            bytes[2 + (2 * i)] = (byte)text[i];
            bytes[3 + (2 * i)] = (byte)(text[i] >> 8);
        }

        return bytes;
    }

    private static string Attr(string s) => s.Replace("\"", "&quot;", StringComparison.Ordinal);

    private static string Csv(string s) => "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
