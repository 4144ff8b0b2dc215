using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Appliance.Generate;

/// <summary>
/// OpenAI's file and batch endpoints over <see cref="HttpClient"/>: upload a JSONL file (<c>purpose=batch</c>),
/// create, retrieve, list and cancel batches, download output and error files. Not the SDK's clients: in
/// OpenAI 2.14 <c>BatchClient</c> is experimental (OPENAI001) and protocol-only — JSON in, JSON out, no list —
/// so it would save nothing over these six documented calls. A non-success answer throws
/// <see cref="LlmBatchApiException"/> with the status, so callers can tell a refusal from an outage.
/// </summary>
public sealed class LlmBatchApi(HttpClient http)
{
    public static HttpClient CreateHttpClient(LlmOptions options)
    {
        var baseUrl = options.BaseUrl ?? throw new InvalidOperationException("Llm:BaseUrl is required when Generate:Mode is 'batch'");
        var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = new Uri(baseUrl.TrimEnd('/') + "/"),
            Timeout = TimeSpan.FromMinutes(10), // a 200 MB upload or download
        };
        if (LlmGenerator.ApiKey(options) is { } key)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return http;
    }

    public async Task<string> UploadAsync(ReadOnlyMemory<byte> jsonl, string fileName, CancellationToken ct)
    {
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent("batch"), "purpose");
        var file = new ReadOnlyMemoryContent(jsonl);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/jsonl");
        form.Add(file, "file", fileName);
        using var doc = await SendAsync(new HttpRequestMessage(HttpMethod.Post, "files") { Content = form }, ct);
        return doc.RootElement.GetProperty("id").GetString()!;
    }

    public async Task<LlmBatchStatus> CreateAsync(string inputFileId, IReadOnlyDictionary<string, string> metadata, CancellationToken ct)
    {
        var body = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["input_file_id"] = inputFileId,
            ["endpoint"] = "/v1/chat/completions",
            ["completion_window"] = "24h",
            ["metadata"] = metadata,
        });
        using var doc = await SendAsync(new HttpRequestMessage(HttpMethod.Post, "batches") { Content = new StringContent(body, Encoding.UTF8, "application/json") }, ct);
        return LlmBatchStatus.Parse(doc.RootElement);
    }

    public async Task<LlmBatchStatus> GetAsync(string batchId, CancellationToken ct)
    {
        using var doc = await SendAsync(new HttpRequestMessage(HttpMethod.Get, "batches/" + Uri.EscapeDataString(batchId)), ct);
        return LlmBatchStatus.Parse(doc.RootElement);
    }

    public async Task<LlmBatchStatus> CancelAsync(string batchId, CancellationToken ct)
    {
        using var doc = await SendAsync(new HttpRequestMessage(HttpMethod.Post, $"batches/{Uri.EscapeDataString(batchId)}/cancel"), ct);
        return LlmBatchStatus.Parse(doc.RootElement);
    }

    /// <summary>The batch created from <paramref name="inputFileId"/>, newest first, looking at up to <paramref name="pages"/> pages of 100.</summary>
    public async Task<LlmBatchStatus?> FindByInputFileAsync(string inputFileId, CancellationToken ct, int pages = 10)
    {
        string? after = null;
        for (var page = 0; page < pages; page++)
        {
            using var doc = await SendAsync(new HttpRequestMessage(HttpMethod.Get, "batches?limit=100" + (after is null ? "" : "&after=" + Uri.EscapeDataString(after))), ct);
            var data = doc.RootElement.GetProperty("data");
            foreach (var b in data.EnumerateArray())
            {
                var status = LlmBatchStatus.Parse(b);
                if (status.InputFileId == inputFileId)
                {
                    return status;
                }

                after = status.Id;
            }

            if (!doc.RootElement.TryGetProperty("has_more", out var more) || more.ValueKind != JsonValueKind.True)
            {
                break;
            }
        }

        return null;
    }

    public async Task<byte[]> DownloadAsync(string fileId, CancellationToken ct)
    {
        using var response = await http.GetAsync($"files/{Uri.EscapeDataString(fileId)}/content", ct);
        await ThrowIfFailedAsync(response, ct);
        return await response.Content.ReadAsByteArrayAsync(ct);
    }

    private async Task<JsonDocument> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        using (request)
        {
            using var response = await http.SendAsync(request, ct);
            await ThrowIfFailedAsync(response, ct);
            return await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(ct), default, ct);
        }
    }

    private static async Task ThrowIfFailedAsync(HttpResponseMessage response, CancellationToken ct)
    {
        if (!response.IsSuccessStatusCode)
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            throw new LlmBatchApiException((int)response.StatusCode, $"HTTP {(int)response.StatusCode}: {(text.Length > 300 ? text[..300] + "…" : text)}");
        }
    }
}

/// <summary>The batch API answered with an error status (4xx: refused; 5xx, 429: try again later).</summary>
public sealed class LlmBatchApiException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;

    public bool Transient => Status is 429 or >= 500;
}
