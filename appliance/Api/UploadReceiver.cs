using Appliance.Storage;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Appliance.Api;

/// <summary>A lead file received and stored under the state directory's uploads folder.</summary>
public sealed record ReceivedFile(string FileName, string StoredPath, long SizeBytes);

/// <summary>
/// Streams the first file part of a multipart request to disk, refusing it past the size limit (413) without
/// reading the rest; shared by uploads and runs. A malformed body (cut short, a boundary over RFC 2046's 70
/// characters) is a 400 and leaves no file behind. Files are 0600 in a 0700 folder: they hold personal data.
/// </summary>
public static class UploadReceiver
{
    /// <summary>RFC 2046 §5.1.1: a boundary is 1 to 70 characters.</summary>
    public const int MaxBoundaryLength = 70;

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

        if (boundary.Length > MaxBoundaryLength)
        {
            return (null, Malformed($"the multipart boundary is longer than {MaxBoundaryLength} characters"));
        }

        var reader = new MultipartReader(boundary, http.Request.Body);
        while (true)
        {
            var (section, malformed) = await NextSectionAsync(reader, ct);
            if (section is null)
            {
                return (null, malformed ?? Results.Problem("the request has no file part", statusCode: StatusCodes.Status400BadRequest));
            }

            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) ||
                !disposition.IsFileDisposition())
            {
                continue;
            }

            var fileName = Path.GetFileName(HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value ?? "upload");
            var stored = Path.Combine(paths.EnsureUploads(), $"{Guid.NewGuid():N}{Path.GetExtension(fileName)}");
            try
            {
                return (new ReceivedFile(fileName, stored, await CopyLimitedAsync(section.Body, stored, limit, ct)), null);
            }
            catch (Exception e) when (e is UploadTooLargeException or BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
            {
                File.Delete(stored);
                return (null, Results.Problem($"the file is larger than the {limit:N0}-byte limit (Ingest:MaxUploadBytes)", statusCode: StatusCodes.Status413PayloadTooLarge));
            }
            catch (Exception e) when (IsMalformed(e))
            {
                File.Delete(stored);
                return (null, Malformed(e.Message));
            }
        }
    }

    private static async Task<(MultipartSection? Section, IResult? Malformed)> NextSectionAsync(MultipartReader reader, CancellationToken ct)
    {
        try
        {
            return (await reader.ReadNextSectionAsync(ct), null);
        }
        catch (Exception e) when (IsMalformed(e))
        {
            return (null, Malformed(e.Message));
        }
    }

    // A body cut short or framed wrongly: what the client sent, not a fault of ours.
    private static bool IsMalformed(Exception e) =>
        e is InvalidDataException or BadHttpRequestException or IOException && e is not UploadTooLargeException;

    private static IResult Malformed(string detail) =>
        Results.Problem($"malformed multipart body: {detail}", statusCode: StatusCodes.Status400BadRequest);

    private static async Task<long> CopyLimitedAsync(Stream body, string path, long limit, CancellationToken ct)
    {
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
            BufferSize = 1 << 16,
            Options = FileOptions.Asynchronous,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using var file = new FileStream(path, options);
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
