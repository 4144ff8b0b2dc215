using Appliance.Storage;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Appliance.Api;

/// <summary>A lead file received and stored under the state directory's uploads folder.</summary>
public sealed record ReceivedFile(string FileName, string StoredPath, long SizeBytes);

/// <summary>
/// Streams the first file part of a multipart request to disk, refusing it past the size limit (413) without
/// reading the rest; shared by uploads and runs.
/// </summary>
public static class UploadReceiver
{
    public static async Task<(ReceivedFile? File, IResult? Error)> ReceiveAsync(HttpContext http, StatePaths paths, long limit, CancellationToken ct)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit + 64 * 1024; // room for the multipart framing
        }

        if (!MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var type) ||
            !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase) ||
            HeaderUtilities.RemoveQuotes(type.Boundary).Value is not { Length: > 0 } boundary)
        {
            return (null, Results.Problem("send the file as multipart/form-data", statusCode: StatusCodes.Status415UnsupportedMediaType));
        }

        var reader = new MultipartReader(boundary, http.Request.Body);
        while (await reader.ReadNextSectionAsync(ct) is { } section)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) ||
                !disposition.IsFileDisposition())
            {
                continue;
            }

            var fileName = Path.GetFileName(HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value ?? "upload");
            Directory.CreateDirectory(paths.Uploads);
            var stored = Path.Combine(paths.Uploads, $"{Guid.NewGuid():N}{Path.GetExtension(fileName)}");
            try
            {
                return (new ReceivedFile(fileName, stored, await CopyLimitedAsync(section.Body, stored, limit, ct)), null);
            }
            catch (Exception e) when (e is UploadTooLargeException or BadHttpRequestException)
            {
                File.Delete(stored);
                return (null, Results.Problem($"the file is larger than the {limit:N0}-byte limit (Ingest:MaxUploadBytes)", statusCode: StatusCodes.Status413PayloadTooLarge));
            }
        }

        return (null, Results.Problem("the request has no file part", statusCode: StatusCodes.Status400BadRequest));
    }

    private static async Task<long> CopyLimitedAsync(Stream body, string path, long limit, CancellationToken ct)
    {
        await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        var buffer = new byte[1 << 16];
        long total = 0;
        int n;
        while ((n = await body.ReadAsync(buffer, ct)) > 0)
        {
            total += n;
            if (total > limit)
            {
                throw new UploadTooLargeException();
            }

            await file.WriteAsync(buffer.AsMemory(0, n), ct);
        }

        return total;
    }

    private sealed class UploadTooLargeException : Exception;
}
