using Appliance.Ingest;
using Appliance.Tests.Support;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Appliance.Tests.Ingest;

public class UploadIngestorTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    public static TheoryData<string> Cases => [.. HostileCorpus.All().Select(c => c.Name)];

    private UploadIngestor Ingestor(IngestOptions? options = null) =>
        new(db.DataSource, Options.Create(options ?? new IngestOptions()), NullLogger<UploadIngestor>.Instance);

    private async Task<(IngestResult Result, long Stored)> IngestAsync(string path, IngestOptions? options = null)
    {
        var ingestor = Ingestor(options);
        var id = await ingestor.RegisterAsync(Path.GetFileName(path), new FileInfo(path).Length, path);
        var result = await ingestor.IngestAsync(id, path);
        await using var conn = await db.DataSource.OpenConnectionAsync();
        var stored = await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM websites WHERE file_upload_id = @id", new { id });
        return (result, stored);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task HostileCorpus_YieldsExactCountsAndReasons(string name)
    {
        var @case = HostileCorpus.All().Single(c => c.Name == name);
        using var dir = new TempDirectory();
        var (result, stored) = await IngestAsync(@case.Write(dir));

        if (@case.Refusal is not null)
        {
            Assert.Equal("failed", result.State);
            Assert.Contains(@case.Refusal, result.Error);
            Assert.Equal(0, stored);
            return;
        }

        Assert.Null(result.Error);
        Assert.Equal("ingested", result.State);
        Assert.Equal(@case.Accepted, result.Accepted);
        Assert.Equal(@case.Accepted, stored);
        Assert.Equal(@case.Rejects.OrderBy(r => r.Key), result.RejectsByReason.OrderBy(r => r.Key));
        Assert.Equal(@case.Rejects.Values.Sum(), result.Rejected);
    }

    [Fact]
    public async Task Rejects_AreStoredWithRowNumberReasonAndExcerpt()
    {
        using var dir = new TempDirectory();
        var (result, _) = await IngestAsync(HostileCorpus.All().Single(c => c.Name == "bad_rows.csv").Write(dir));

        await using var conn = await db.DataSource.OpenConnectionAsync();
        var rejects = (await conn.QueryAsync<(int Row, string Reason, string Detail, string Excerpt)>(
            "SELECT row_number, reason, detail, excerpt FROM upload_rejects WHERE file_upload_id = @id ORDER BY row_number",
            new { id = result.UploadId })).ToList();
        Assert.Equal([3, 4, 5, 6, 7, 8, 9], rejects.Select(r => r.Row));
        Assert.Equal(["missing_url", "invalid_url", "invalid_url", "column_count", "column_count", "malformed_quote", "field_too_long"],
            rejects.Select(r => r.Reason));
        Assert.Equal("n/a,Nope,x@x.com", rejects[1].Excerpt);
        Assert.Contains("expected 3 fields", rejects[3].Detail);
        Assert.True(rejects[6].Excerpt.Length <= 201);
    }

    [Fact]
    public async Task AcceptedRows_StoreNormalisedUrlHostRowNumberAndCleanFields()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("leads.csv",
            "Website,Company Name,First Name,Last Name,Phone,City\n" +
            "WWW.Example.COM/About#team,\"Acme, Inc\",Ann,Lee,=\"00123\",Paris\n" +
            "bücher.de,Bücher,,Solo,,\n");
        var (result, _) = await IngestAsync(path);

        await using var conn = await db.DataSource.OpenConnectionAsync();
        var rows = (await conn.QueryAsync<(int Row, string Url, string Normalized, string Host, string Company, string? Contact, string? Phone, string? Extra)>(
            "SELECT row_number, url, normalized_url, host, company, contact, phone, extra::text FROM websites WHERE file_upload_id = @id ORDER BY row_number",
            new { id = result.UploadId })).ToList();
        Assert.Equal((2, "WWW.Example.COM/About#team", "https://www.example.com/About", "www.example.com", "Acme, Inc", "Ann Lee", "00123", "{\"City\": \"Paris\"}"), rows[0]);
        Assert.Equal((3, "bücher.de", "https://xn--bcher-kva.de/", "xn--bcher-kva.de", "Bücher", "Solo", null, null), rows[1]);
    }

    [Fact]
    public async Task Utf16File_KeepsNonAsciiText()
    {
        using var dir = new TempDirectory();
        var (result, _) = await IngestAsync(HostileCorpus.All().Single(c => c.Name == "utf16le_bom.csv").Write(dir));

        await using var conn = await db.DataSource.OpenConnectionAsync();
        var companies = await conn.QueryAsync<string>("SELECT company FROM websites WHERE file_upload_id = @id ORDER BY row_number", new { id = result.UploadId });
        Assert.Equal(["Müller GmbH", "Ærø ApS"], companies);
    }

    [Fact]
    public async Task Xlsx_RowNumbersAreSheetRows_AndNumbersReadAsText()
    {
        using var dir = new TempDirectory();
        var (result, _) = await IngestAsync(HostileCorpus.All().Single(c => c.Name == "good.xlsx").Write(dir));

        await using var conn = await db.DataSource.OpenConnectionAsync();
        var rows = (await conn.QueryAsync<(int Row, string Host, string? Phone)>(
            "SELECT row_number, host, phone FROM websites WHERE file_upload_id = @id ORDER BY row_number", new { id = result.UploadId })).ToList();
        Assert.Equal([(2, "a.com", "4155550100"), (3, "b.com", null), (5, "c.com", null)], rows);
        Assert.Equal(4, await conn.ExecuteScalarAsync<int>("SELECT row_number FROM upload_rejects WHERE file_upload_id = @id", new { id = result.UploadId }));
    }

    [Fact]
    public async Task RefusedFile_MarksTheUploadFailedWithItsReason()
    {
        using var dir = new TempDirectory();
        var (result, _) = await IngestAsync(dir.Write("x.csv", "company\nA\n"));

        await using var conn = await db.DataSource.OpenConnectionAsync();
        var (state, error) = await conn.QuerySingleAsync<(string, string)>("SELECT state, error FROM file_uploads WHERE id = @id", new { id = result.UploadId });
        Assert.Equal("failed", state);
        Assert.Contains("no URL column", error);
    }

    [Fact]
    public async Task StoredRejects_AreCapped_ButCountedExactly()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("many_bad.csv", "website\n" + string.Concat(Enumerable.Repeat("n/a\n", 50)) + "ok.com\n");
        var (result, stored) = await IngestAsync(path, new IngestOptions { MaxStoredRejects = 10 });

        await using var conn = await db.DataSource.OpenConnectionAsync();
        Assert.Equal(50, result.Rejected);
        Assert.Equal(1, stored);
        Assert.Equal(10, await conn.ExecuteScalarAsync<int>("SELECT count(*) FROM upload_rejects WHERE file_upload_id = @id", new { id = result.UploadId }));
    }

    [Fact]
    public async Task ConfiguredSheet_IsTheOneRead()
    {
        using var dir = new TempDirectory();
        var path = dir.File("two_sheets.xlsx");
        var sheets = new Dictionary<string, object>
        {
            ["Notes"] = new[] { new Dictionary<string, object?> { ["text"] = "hello" } },
            ["Leads"] = new[] { new Dictionary<string, object?> { ["url"] = "a.com" }, new Dictionary<string, object?> { ["url"] = "b.com" } },
        };
        MiniExcelLibs.MiniExcel.SaveAs(path, sheets);

        var (first, _) = await IngestAsync(path);
        var (named, stored) = await IngestAsync(path, new IngestOptions { Sheet = "Leads" });

        Assert.Contains("no URL column", first.Error);
        Assert.Equal(2, named.Accepted);
        Assert.Equal(2, stored);
    }
}
