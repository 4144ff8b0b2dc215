using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Appliance.Tests.Support;

namespace Appliance.Tests.Api;

public class UploadEndpointsTests(ApplianceServerFixture server) : IClassFixture<ApplianceServerFixture>
{
    private static MultipartFormDataContent FilePart(string name, byte[] bytes) => new()
    {
        { new ByteArrayContent(bytes), "file", name },
    };

    private async Task<JsonElement> WaitForIngestAsync(string statusUrl)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var status = await server.Client.GetFromJsonAsync<JsonElement>(statusUrl);
            var state = status.GetProperty("state").GetString();
            if (state is "ingested" or "failed")
            {
                return status;
            }

            Assert.True(DateTime.UtcNow < deadline, $"upload still '{state}' after 30 s");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task Upload_Answers202_ThenTheJobIngestsItAndListsRejects()
    {
        // Port 9 on loopback refuses connections: the scrape that follows the ingest stays on this machine.
        var csv = "website,company\nhttp://127.0.0.1:9/a,A\nn/a,Bad\nhttp://127.0.0.1:9/b,B\n";
        var response = await server.Client.PostAsync("/api/uploads", FilePart("leads.csv", Encoding.UTF8.GetBytes(csv)));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = body.GetProperty("upload_id").GetInt64();
        Assert.Equal($"/api/uploads/{id}", response.Headers.Location?.OriginalString);

        var status = await WaitForIngestAsync($"/api/uploads/{id}");
        Assert.Equal("ingested", status.GetProperty("state").GetString());
        Assert.Equal("leads.csv", status.GetProperty("file_name").GetString());
        Assert.Equal(2, status.GetProperty("rows_accepted").GetInt32());
        Assert.Equal(1, status.GetProperty("rows_rejected").GetInt32());

        var rejects = await server.Client.GetFromJsonAsync<JsonElement[]>($"/api/uploads/{id}/rejects");
        var reject = Assert.Single(rejects!);
        Assert.Equal(3, reject.GetProperty("row_number").GetInt32());
        Assert.Equal("invalid_url", reject.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task RefusedFile_EndsFailedWithTheReason()
    {
        var response = await server.Client.PostAsync("/api/uploads", FilePart("leads.xlsx", Encoding.UTF8.GetBytes("website\na.com\n")));
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("upload_id").GetInt64();

        var status = await WaitForIngestAsync($"/api/uploads/{id}");
        Assert.Equal("failed", status.GetProperty("state").GetString());
        Assert.Contains("not a zip", status.GetProperty("error").GetString());
    }

    [Fact]
    public async Task UploadOverTheLimit_Is413_AndLeavesNoFileBehind()
    {
        var big = new byte[ApplianceServerFixture.UploadLimit + 1];
        Array.Fill(big, (byte)'a');

        var response = await server.Client.PostAsync("/api/uploads", FilePart("big.csv", big));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var uploads = Path.Combine(server.StateDirectory, "uploads");
        Assert.False(Directory.Exists(uploads) && Directory.EnumerateFiles(uploads, "*.csv").Any(f => new FileInfo(f).Length > ApplianceServerFixture.UploadLimit));
    }

    private string[] StoredFiles()
    {
        var uploads = Path.Combine(server.StateDirectory, "uploads");
        return Directory.Exists(uploads) ? Directory.GetFiles(uploads) : [];
    }

    private async Task<int> UploadRowsAsync() =>
        (await server.Client.GetFromJsonAsync<JsonElement[]>("/api/uploads?limit=200"))!.Length;

    [Theory]
    [InlineData("XYZ", "--XYZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\nContent-Type: text/csv\r\n\r\nwebsite\na.com\nb.com\n")]
    [InlineData("XYZ", "--XYZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n")]
    [InlineData("XYZ", "--XY")]
    public async Task ATruncatedMultipartBody_Is400_AndLeavesNoFileOrRow(string boundary, string body)
    {
        var files = StoredFiles().Length;
        var rows = await UploadRowsAsync();
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", $"multipart/form-data; boundary={boundary}");

        var response = await server.Client.PostAsync("/api/uploads", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain("   at ", await response.Content.ReadAsStringAsync());
        Assert.Equal(files, StoredFiles().Length);
        Assert.Equal(rows, await UploadRowsAsync());
    }

    [Fact]
    public async Task ABoundaryOver70Characters_Is400()
    {
        var boundary = new string('b', 71);
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes($"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\nwebsite\na.com\n\r\n--{boundary}--\r\n"));
        content.Headers.TryAddWithoutValidation("Content-Type", $"multipart/form-data; boundary={boundary}");

        var response = await server.Client.PostAsync("/api/uploads", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("70 characters", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task StoredUploads_AreReadableByTheOwnerOnly()
    {
        var response = await server.Client.PostAsync("/api/uploads", FilePart("leads.csv", Encoding.UTF8.GetBytes("website\nhttp://127.0.0.1:9/\n")));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        var uploads = Path.Combine(server.StateDirectory, "uploads");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(uploads));
        Assert.All(Directory.GetFiles(uploads), f => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(f)));
    }

    [Fact]
    public async Task NotMultipart_Is415()
    {
        var response = await server.Client.PostAsync("/api/uploads", new StringContent("website\na.com\n", Encoding.UTF8, "text/csv"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task UnknownUpload_Is404_AndHealthIsOk()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await server.Client.GetAsync("/api/uploads/999999")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/healthz")).StatusCode);
    }
}
