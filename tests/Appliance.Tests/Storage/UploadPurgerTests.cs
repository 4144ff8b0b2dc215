using Appliance.Ingest;
using Appliance.Storage;
using Appliance.Tests.Support;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Appliance.Tests.Storage;

public class UploadPurgerTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    private readonly TempDirectory _uploads = new();

    private async Task<(long Id, string Path)> UploadWithEverythingAsync()
    {
        var path = _uploads.Write($"{Guid.NewGuid():N}.csv", "website,company\na.example,A\nn/a,Bad\nb.example,B\n");
        var ingestor = new UploadIngestor(db.DataSource, Options.Create(new IngestOptions()), NullLogger<UploadIngestor>.Instance);
        var id = await ingestor.RegisterAsync("leads.csv", 1, path);
        await ingestor.IngestAsync(id, path);
        await using var conn = await db.DataSource.OpenConnectionAsync();
        await conn.ExecuteAsync("""
            UPDATE websites SET scraping_status = 'done', generation_status = 'done' WHERE file_upload_id = @id;
            INSERT INTO messages (website_id, file_upload_id, body, generator, from_site)
            SELECT id, file_upload_id, 'Hello', 'template', true FROM websites WHERE file_upload_id = @id;
            """, new { id });
        return (id, path);
    }

    private async Task<long> CountAsync(string table, long id)
    {
        await using var conn = await db.DataSource.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<long>($"SELECT count(*) FROM {table} WHERE {(table == "file_uploads" ? "id" : "file_upload_id")} = @id", new { id });
    }

    [Fact]
    public async Task Purge_DeletesTheFileRowsMessagesRejectsAndCounts_AndNothingOfAnotherUpload()
    {
        var (id, path) = await UploadWithEverythingAsync();
        var (other, otherPath) = await UploadWithEverythingAsync();

        var result = await new UploadPurger(db.DataSource, _uploads.Path).PurgeAsync(id, CancellationToken.None);

        Assert.Equal(new PurgeResult(id, 2, 2, 1, FileDeleted: true), result);
        Assert.False(File.Exists(path));
        foreach (var table in new[] { "file_uploads", "websites", "messages", "upload_rejects", "upload_progress" })
        {
            Assert.Equal(0, await CountAsync(table, id));
        }

        Assert.True(File.Exists(otherPath));
        Assert.Equal(2, await CountAsync("websites", other));
        Assert.Equal(2, await CountAsync("messages", other));
    }

    [Fact]
    public async Task Purge_OfAnUnknownUpload_IsNull() =>
        Assert.Null(await new UploadPurger(db.DataSource, _uploads.Path).PurgeAsync(987_654, CancellationToken.None));

    [Fact]
    public async Task Purge_NeverDeletesAFileOutsideTheUploadsFolder()
    {
        using var elsewhere = new TempDirectory();
        var outside = elsewhere.Write("keep.csv", "website\na.example\n");
        var ingestor = new UploadIngestor(db.DataSource, Options.Create(new IngestOptions()), NullLogger<UploadIngestor>.Instance);
        var id = await ingestor.RegisterAsync("keep.csv", 1, outside);
        await ingestor.IngestAsync(id, outside);

        var result = await new UploadPurger(db.DataSource, _uploads.Path).PurgeAsync(id, CancellationToken.None);

        Assert.False(result!.FileDeleted);
        Assert.True(File.Exists(outside));
    }

    [Fact]
    public async Task PurgeOlderThan_TakesOnlyOldUploads_AndNoneBeingIngested()
    {
        var (old, _) = await UploadWithEverythingAsync();
        var (recent, _) = await UploadWithEverythingAsync();
        var (busy, _) = await UploadWithEverythingAsync();
        await using (var conn = await db.DataSource.OpenConnectionAsync())
        {
            await conn.ExecuteAsync("UPDATE file_uploads SET created_at = now() - interval '40 days' WHERE id IN (@old, @busy)", new { old, busy });
            await conn.ExecuteAsync("UPDATE file_uploads SET state = 'ingesting' WHERE id = @busy", new { busy });
        }

        var purged = await new UploadPurger(db.DataSource, _uploads.Path).PurgeOlderThanAsync(DateTimeOffset.UtcNow.AddDays(-30), CancellationToken.None);

        Assert.Contains(purged, p => p.UploadId == old);
        Assert.DoesNotContain(purged, p => p.UploadId == recent || p.UploadId == busy);
        Assert.Equal(1, await CountAsync("file_uploads", recent));
        Assert.Equal(1, await CountAsync("file_uploads", busy));
        await Assert.ThrowsAsync<UploadBusyException>(() => new UploadPurger(db.DataSource, _uploads.Path).PurgeAsync(busy, CancellationToken.None));
    }
}
