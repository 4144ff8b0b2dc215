using System.IO.Compression;
using System.Text;
using Appliance.Ingest;
using Appliance.Storage;
using Appliance.Tests.Support;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Appliance.Tests.Ingest;

/// <summary>Hostile but ordinary-looking input at ingest: twice-run jobs, emoji at the excerpt cap, shared-strings bombs.</summary>
public class IngestPoisonTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    private UploadIngestor Ingestor(IngestOptions? options = null) =>
        new(db.DataSource, Options.Create(options ?? new IngestOptions()), NullLogger<UploadIngestor>.Instance);

    private async Task<long> CountAsync(long uploadId)
    {
        await using var conn = await db.DataSource.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM websites WHERE file_upload_id = @uploadId", new { uploadId });
    }

    [Fact]
    public async Task TwoConcurrentIngestsOfOneUpload_LoadItOnce()
    {
        using var dir = new TempDirectory();
        var csv = new StringBuilder("website,company\n");
        for (var i = 0; i < 30_000; i++)
        {
            csv.Append("https://site-").Append(i).Append(".example/,Company ").Append(i).Append('\n');
        }

        var path = dir.Write("leads.csv", csv.ToString());
        var id = await Ingestor().RegisterAsync("leads.csv", new FileInfo(path).Length, path);

        // Two workers (a recovered job beside the original), each with its own ingestor and connection.
        var results = await Task.WhenAll(Ingestor().IngestAsync(id, path), Ingestor().IngestAsync(id, path));

        Assert.All(results, r => Assert.Equal("ingested", r.State));
        Assert.All(results, r => Assert.Equal(30_000, r.Accepted));
        Assert.Equal(30_000, await CountAsync(id));
    }

    [Fact]
    public async Task ASecondCopyOfAnUploadsRow_IsRefusedByTheDatabase()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("one.csv", "website\nhttps://once.example/\n");
        var ingestor = Ingestor();
        var id = await ingestor.RegisterAsync("one.csv", 30, path);
        await ingestor.IngestAsync(id, path);

        await using var conn = await db.DataSource.OpenConnectionAsync();
        var e = await Assert.ThrowsAsync<PostgresException>(() => conn.ExecuteAsync(
            "INSERT INTO websites (file_upload_id, row_number, url, normalized_url, host) VALUES (@id, 2, 'x', 'x', 'x')", new { id }));
        Assert.Equal(PostgresErrorCodes.UniqueViolation, e.SqlState);
    }

    [Fact]
    public async Task ARejectedRowWithAnEmojiAtTheExcerptCap_IsStored_AndTheGoodRowsLoad()
    {
        using var dir = new TempDirectory();
        var lines = new StringBuilder("website,company,notes\n");
        lines.Append("https://good-1.example/,Good 1,ok\n");
        for (var at = 190; at <= 202; at++)
        {
            // No URL: rejected, with an excerpt cut near 200 characters, where the emoji sits.
            lines.Append(",").Append(new string('a', at)).Append("😀 tail,x\n");
        }

        lines.Append("https://good-2.example/,Good 2 👍🏽,ok\n");
        var path = dir.Write("emoji.csv", lines.ToString());
        var ingestor = Ingestor();
        var id = await ingestor.RegisterAsync("emoji.csv", new FileInfo(path).Length, path);

        var result = await ingestor.IngestAsync(id, path);

        Assert.Equal("ingested", result.State);
        Assert.Equal(2, result.Accepted);
        Assert.Equal(13, result.Rejected);
        await using var conn = await db.DataSource.OpenConnectionAsync();
        var excerpts = (await conn.QueryAsync<string>("SELECT excerpt FROM upload_rejects WHERE file_upload_id = @id", new { id })).ToList();
        Assert.Equal(13, excerpts.Count);
        Assert.All(excerpts, e => Assert.True(StoredText.IsClean(e)));
        Assert.Equal("Good 2 👍🏽", await conn.ExecuteScalarAsync<string>("SELECT company FROM websites WHERE file_upload_id = @id AND row_number = 16", new { id }));
    }

    [Fact]
    public async Task AnXlsxWhoseSharedStringsExpandPastTheCap_IsRefused_NotLoaded()
    {
        using var dir = new TempDirectory();
        var path = dir.File("bomb.xlsx");
        var expanded = XlsxBomb.Write(path, 8L * 1024 * 1024);
        Assert.True(new FileInfo(path).Length * 50 < expanded, "the part compresses like a bomb");
        var ingestor = Ingestor(new IngestOptions { MaxXlsxSharedStringsBytes = 1024 * 1024 });
        var id = await ingestor.RegisterAsync("bomb.xlsx", new FileInfo(path).Length, path);

        var result = await ingestor.IngestAsync(id, path);

        Assert.Equal("failed", result.State);
        Assert.Contains("shared strings", result.Error);
        Assert.Contains("Ingest:MaxXlsxSharedStringsBytes", result.Error);
        Assert.Equal(0, await CountAsync(id));
    }

    [Fact]
    public async Task TheSameWorkbookUnderTheCap_Loads()
    {
        using var dir = new TempDirectory();
        var path = dir.File("padded.xlsx");
        XlsxBomb.Write(path, 2L * 1024 * 1024);
        var ingestor = Ingestor(new IngestOptions { MaxXlsxSharedStringsBytes = 4 * 1024 * 1024 });
        var id = await ingestor.RegisterAsync("padded.xlsx", new FileInfo(path).Length, path);

        var result = await ingestor.IngestAsync(id, path);

        Assert.Equal("ingested", result.State);
        Assert.Equal(XlsxBomb.Leads, result.Accepted);
    }

    [Fact]
    public async Task ASharedStringsPartThatUnderstatesItsSize_IsNeverExpandedPastWhatItDeclares()
    {
        using var dir = new TempDirectory();
        var path = dir.File("liar.xlsx");
        var expanded = XlsxBomb.Write(path, 8L * 1024 * 1024);
        ZipSizes.Understate(path, "xl/sharedStrings.xml", 4096);
        using (var zip = ZipFile.OpenRead(path))
        {
            var entry = zip.GetEntry("xl/sharedStrings.xml")!;
            Assert.Equal(4096, entry.Length);
            // What the cap relies on: .NET's entry stream ends at the declared size, whatever the data holds.
            await using var stream = entry.Open();
            var read = 0L;
            var buffer = new byte[65536];
            for (int n; (n = await stream.ReadAsync(buffer)) > 0;)
            {
                read += n;
            }

            Assert.Equal(4096, read);
            Assert.True(expanded > 1000 * read);
        }

        var ingestor = Ingestor(new IngestOptions { MaxXlsxSharedStringsBytes = 1024 * 1024 });
        var id = await ingestor.RegisterAsync("liar.xlsx", new FileInfo(path).Length, path);
        var result = await ingestor.IngestAsync(id, path);

        // Cut at 4 KiB, the part is no longer well-formed XML: the file is refused as unreadable.
        Assert.Equal("failed", result.State);
        Assert.Equal(0, await CountAsync(id));
    }
}
