using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Http.Features;

namespace Appliance.Lab;

/// <summary>One stored file: what was uploaded (<c>purpose: batch</c>) or what a batch wrote (<c>batch_output</c>).</summary>
internal sealed record LabLlmFile(string Id, string FileName, string Purpose, byte[] Content, long CreatedAt);

/// <summary>
/// OpenAI's <c>/v1/files</c> as far as the batch API uses it: <c>POST /v1/files</c> (multipart, a <c>file</c> and
/// its <c>purpose</c>), <c>GET /v1/files/{id}</c> and <c>GET /v1/files/{id}/content</c>. Held in memory: the lab
/// lives as long as a run.
/// </summary>
internal sealed class LabLlmFiles(LabLlmBatchOptions options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, LabLlmFile> files = new(StringComparer.Ordinal);
    private readonly string instance = Guid.NewGuid().ToString("N")[..8];
    private long lastId;

    public LabLlmFile? Find(string id) => files.GetValueOrDefault(id);

    public LabLlmFile Add(string fileName, string purpose, byte[] content)
    {
        var id = string.Create(CultureInfo.InvariantCulture, $"file-{instance}{Interlocked.Increment(ref lastId):x8}");
        var file = new LabLlmFile(id, fileName, purpose, content, time.GetUtcNow().ToUnixTimeSeconds());
        files[id] = file;
        return file;
    }

    public async Task UploadAsync(HttpContext context)
    {
        // A batch file may be 200 MB: past Kestrel's 30 MB and the form reader's 128 MB defaults.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = options.MaxFileBytes + (1 << 20);
        }

        context.Features.Set<IFormFeature>(new FormFeature(context.Request, new FormOptions { MultipartBodyLengthLimit = options.MaxFileBytes + (1 << 20) }));
        if (!context.Request.HasFormContentType)
        {
            await LabLlmEndpoint.Error(context, 400, "Expected multipart/form-data with 'file' and 'purpose'.", "invalid_request_error");
            return;
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var purpose = form["purpose"].ToString();
        if (form.Files.GetFile("file") is not { } upload || purpose != "batch")
        {
            await LabLlmEndpoint.Error(context, 400, "A 'file' with purpose 'batch' is required (the lab serves the batch API only).", "invalid_request_error");
            return;
        }

        if (upload.Length > options.MaxFileBytes)
        {
            await LabLlmEndpoint.Error(context, 400, $"The file is {upload.Length} bytes; the limit is {options.MaxFileBytes}.", "invalid_request_error");
            return;
        }

        using var buffer = new MemoryStream((int)upload.Length);
        await upload.CopyToAsync(buffer, context.RequestAborted);
        var file = Add(upload.FileName, purpose, buffer.ToArray());
        await LabLlmEndpoint.WriteAsync(context, 200, LabLlmBatchJson.File(file));
    }

    public Task GetAsync(HttpContext context, string id, bool content)
    {
        if (Find(id) is not { } file)
        {
            return LabLlmEndpoint.Error(context, 404, $"No such File object: {id}", "invalid_request_error");
        }

        if (!content)
        {
            return LabLlmEndpoint.WriteAsync(context, 200, LabLlmBatchJson.File(file));
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/octet-stream";
        context.Response.ContentLength = file.Content.Length;
        return context.Response.Body.WriteAsync(file.Content, context.RequestAborted).AsTask();
    }
}
