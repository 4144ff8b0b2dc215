using System.Globalization;
using System.Text.Json;

namespace Appliance.Lab;

/// <summary>
/// The lab's OpenAI-compatible LLM under <c>/v1/</c> on 127.0.0.1: <c>POST /v1/chat/completions</c>
/// (plain or streamed), <c>GET /v1/models</c>, and the batch API
/// (<c>/v1/files</c>, <c>/v1/batches</c>: <see cref="LabLlmBatches"/>). A request is parsed, charged against the rate
/// limits, may meet an injected error, then waits out its simulated generation time on the
/// lab's <see cref="TimeProvider"/>; waits are timers, so thousands in flight cost almost no CPU.
/// </summary>
internal sealed class LabLlmEndpoint(LabLlmOptions options, TimeProvider time, CancellationToken stopping)
{
    public const string Prefix = "/v1/";

    private readonly LabLlmRateLimiter limiter = new(options.RequestsPerMinute, options.TokensPerMinute, time);
    private readonly LabLlmFiles files = new(options.Batch, time);
    private LabLlmBatches? batches;
    private long lastId;

    public LabLlmStats Stats { get; } = new();

    private LabLlmBatches Batches => batches ??= new LabLlmBatches(options, files, Stats, time);

    public Task HandleAsync(HttpContext context) => (context.Request.Method, context.Request.Path.Value) switch
    {
        ("POST", "/v1/chat/completions") => CompleteAsync(context),
        ("POST", "/v1/files") => files.UploadAsync(context),
        ("GET", var p) when p!.StartsWith("/v1/files/", StringComparison.Ordinal) && p.Split('/') is ["", "v1", "files", var id, .. var rest] && rest is [] or ["content"] =>
            files.GetAsync(context, id, rest is ["content"]),
        (_, var p) when p == "/v1/batches" || p!.StartsWith("/v1/batches/", StringComparison.Ordinal) => Batches.HandleAsync(context, p),
        ("GET", "/v1/models") => WriteAsync(context, 200, LabLlmJson.Models(time.GetUtcNow().ToUnixTimeSeconds())),
        (_, "/v1/chat/completions" or "/v1/models") => Error(context, 405, "Method not allowed.", "invalid_request_error"),
        _ => Error(context, 404, $"Unknown endpoint {context.Request.Path}; the lab serves /v1/chat/completions, /v1/models, /v1/files and /v1/batches.", "invalid_request_error"),
    };

    private async Task CompleteAsync(HttpContext context)
    {
        var arrived = time.GetTimestamp();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        try
        {
            if (await ReadAsync(context, cancel.Token) is not { } request)
            {
                return;
            }

            Stats.Received();
            try
            {
                await AnswerAsync(context, request, arrived, cancel.Token);
            }
            finally
            {
                Stats.Left();
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            // The client gave up (or the lab is stopping); nothing is owed to anyone.
            context.Abort();
        }
    }

    /// <summary>The request, or null once it has been answered 400.</summary>
    private static async Task<LabLlmRequest?> ReadAsync(HttpContext context, CancellationToken ct)
    {
        string problem;
        try
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body, default, ct);
            if (LabLlmRequest.TryParse(body.RootElement, out var request, out problem))
            {
                return request;
            }
        }
        catch (JsonException e)
        {
            problem = "The body is not valid JSON: " + e.Message;
        }

        await Error(context, 400, problem, "invalid_request_error");
        return null;
    }

    private async Task AnswerAsync(HttpContext context, LabLlmRequest request, long arrived, CancellationToken ct)
    {
        var decision = limiter.TryAcquire(request.ChargedTokens);
        LabLlmRateHeaders.Write(context.Response, decision);
        if (!decision.Allowed)
        {
            Stats.Limited();
            await Error(context, 429, $"Rate limit reached for {request.Model} on {decision.LimitedBy} per min. Please try again in {LabLlmRateHeaders.Duration(decision.RetryAfter)}.", decision.LimitedBy!, "rate_limit_exceeded");
            return;
        }

        var fault = Fault(Random.Shared.NextDouble());
        if (fault is not null)
        {
            Stats.Faulted();
        }

        if (fault == Faults.ServerError)
        {
            await Error(context, 500, "The server had an error while processing your request.", "server_error");
            return;
        }

        if (fault == Faults.Timeout)
        {
            // Never answers: only the client giving up (or the lab stopping) ends this, by cancellation.
            await Task.Delay(Timeout.InfiniteTimeSpan, time, ct);
        }

        var (tokens, truncated) = LabLlmText.Generate(request.Prompt, options.OutputTokens, request.MaxTokens);
        var id = "chatcmpl-lab" + Interlocked.Increment(ref lastId).ToString("x8", CultureInfo.InvariantCulture);
        var reply = new LabLlmReply(id, time.GetUtcNow().ToUnixTimeSeconds(), request.Model, tokens, truncated ? "length" : "stop", request.PromptTokens);
        if (request.Stream && fault is null)
        {
            await LabLlmStream.WriteAsync(context, reply, options, request.IncludeUsage, arrived, time, ct);
            Stats.Complete(reply.PromptTokens, reply.CompletionTokens);
            return;
        }

        var wait = options.TokenDue(tokens.Length - 1) - time.GetElapsedTime(arrived);
        if (wait > LabLlmStream.Slack)
        {
            await Task.Delay(wait, time, ct);
        }

        var json = LabLlmJson.Completion(reply);
        if (fault == Faults.Malformed)
        {
            await (request.Stream ? LabLlmStream.WriteMalformedAsync(context, reply, ct) : WriteAsync(context, 200, json[..(json.Length / 2)]));
            return;
        }

        await WriteAsync(context, 200, json);
        Stats.Complete(reply.PromptTokens, reply.CompletionTokens);
    }

    private Faults? Fault(double draw) =>
        draw < options.ServerErrorRate ? Faults.ServerError
        : draw < options.ServerErrorRate + options.TimeoutRate ? Faults.Timeout
        : draw < options.ServerErrorRate + options.TimeoutRate + options.MalformedJsonRate ? Faults.Malformed
        : null;

    internal static Task Error(HttpContext context, int status, string message, string type, string? code = null) =>
        WriteAsync(context, status, LabLlmJson.Error(message, type, code));

    internal static Task WriteAsync(HttpContext context, int status, byte[] json)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = json.Length;
        return context.Response.Body.WriteAsync(json, context.RequestAborted).AsTask();
    }

    private enum Faults { ServerError, Timeout, Malformed }
}
