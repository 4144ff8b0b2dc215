using System.ClientModel;
using System.ClientModel.Primitives;
using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text.Json;
using Appliance.Storage;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using OpenAI;

namespace Appliance.Generate;

/// <summary>
/// Writes a message through any OpenAI-compatible chat endpoint via <see cref="IChatClient"/>, paced
/// by <see cref="LlmPacer"/>. The SDK's own retries are off: 429 and Retry-After are handled here so
/// every caller slows down together, and transient failures go back to the runner, which waits. The instructions go
/// in the system message and the lead's facts (site text delimited and capped) in the user message; a completion that
/// points anywhere but the lead comes back with a <see cref="GeneratedMessage.HeldReason"/>.
/// </summary>
public sealed class LlmGenerator : IMessageGenerator
{
    public const string Name = "llm";

    private readonly IChatClient _chat;
    private readonly LlmPacer _pacer;
    private readonly PromptTemplate _prompt;
    private readonly LlmOptions _options;

    public LlmGenerator(IOptions<LlmOptions> options, IOptions<GenerateOptions> generate, LlmPacer pacer)
        : this(CreateClient(options.Value, pacer), options.Value, PromptTemplate.Load(generate.Value.PromptTemplateFile), pacer)
    {
    }

    public LlmGenerator(IChatClient chat, LlmOptions options, PromptTemplate prompt, LlmPacer pacer)
    {
        _chat = chat;
        _options = options;
        _prompt = prompt;
        _pacer = pacer;
    }

    public async Task<GeneratedMessage> GenerateAsync(LeadFacts lead, CancellationToken ct)
    {
        var prompt = _prompt.Render(lead);
        await _pacer.WaitAsync(LlmPacer.EstimateTokens(PromptTemplate.SystemMessage) + LlmPacer.EstimateTokens(prompt) + _options.MaxOutputTokens, ct);
        var clock = Stopwatch.StartNew();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(_options.RequestTimeoutSeconds));
        ChatResponse response;
        try
        {
            response = await _chat.GetResponseAsync(
                [new ChatMessage(ChatRole.System, PromptTemplate.SystemMessage), new ChatMessage(ChatRole.User, prompt)],
                new ChatOptions { MaxOutputTokens = _options.MaxOutputTokens, Temperature = (float)_options.Temperature, ModelId = _options.Model },
                timeout.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new GenerationException("timeout", $"no answer within {_options.RequestTimeoutSeconds} s", transient: true);
        }
        catch (ClientResultException e) when (e.Status == 429)
        {
            var after = RetryAfter(e.GetRawResponse()) ?? TimeSpan.FromSeconds(1);
            _pacer.Pause(after, rateLimited: true);
            throw new GenerationException("rate_limited", "HTTP 429", transient: true, after);
        }
        catch (ClientResultException e) when (e.Status is 0 or >= 500 or 408)
        {
            throw new GenerationException(e.Status == 0 ? "connect" : "http_5xx", e.Status == 0 ? e.Message : $"HTTP {e.Status}", transient: true);
        }
        catch (ClientResultException e)
        {
            throw new GenerationException("http_4xx", $"HTTP {e.Status}: {Shorten(e.Message)}", transient: false);
        }
        catch (Exception e) when (e is HttpRequestException or SocketException or IOException)
        {
            throw new GenerationException("connect", e.Message, transient: true);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or KeyNotFoundException or ArgumentException)
        {
            throw new GenerationException("bad_response", "the endpoint's answer is not a valid completion: " + Shorten(e.Message), transient: false);
        }

        // A model's output is text from outside: a \u escape in its JSON can carry half a surrogate pair or a NUL.
        var text = StoredText.CleanOrNull(response.Text)?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            throw new GenerationException("empty_completion", "the completion is empty", transient: false);
        }

        return new GeneratedMessage(text, Name, response.ModelId ?? _options.Model,
            (int)(response.Usage?.InputTokenCount ?? 0), (int)(response.Usage?.OutputTokenCount ?? 0), (int)clock.ElapsedMilliseconds,
            lead.HoldReason(text));
    }

    private static IChatClient CreateClient(LlmOptions options, LlmPacer pacer)
    {
        var clientOptions = new OpenAIClientOptions
        {
            Endpoint = new Uri(options.BaseUrl ?? throw new InvalidOperationException("Llm:BaseUrl is required when Generate:Generator is 'llm'")),
            RetryPolicy = new ClientRetryPolicy(0),
            NetworkTimeout = TimeSpan.FromSeconds(options.RequestTimeoutSeconds),
        };

        // The account's limits come back in each answer's headers; the pacer learns them there.
        clientOptions.AddPolicy(new RateLimitHeaderPolicy(pacer), PipelinePosition.PerTry);
        var client = new OpenAIClient(new ApiKeyCredential(ApiKey(options) ?? "no-key"), clientOptions);
        return client.GetChatClient(options.Model).AsIChatClient();
    }

    /// <summary>The key from configuration, else from systemd's credentials directory; never logged.</summary>
    public static string? ApiKey(LlmOptions options)
    {
        if (!string.IsNullOrEmpty(options.ApiKey))
        {
            return options.ApiKey;
        }

        var dir = Environment.GetEnvironmentVariable("CREDENTIALS_DIRECTORY");
        var file = dir is null ? null : Path.Combine(dir, "llm-api-key");
        return file is not null && File.Exists(file) ? File.ReadAllText(file).Trim() : null;
    }

    internal static TimeSpan? RetryAfter(PipelineResponse? response)
    {
        if (response is null)
        {
            return null;
        }

        if (response.Headers.TryGetValue("retry-after-ms", out var ms) && double.TryParse(ms, CultureInfo.InvariantCulture, out var millis))
        {
            return TimeSpan.FromMilliseconds(millis);
        }

        if (response.Headers.TryGetValue("retry-after", out var after) && double.TryParse(after, CultureInfo.InvariantCulture, out var seconds))
        {
            return TimeSpan.FromSeconds(seconds);
        }

        // Without Retry-After, wait for whichever of the endpoint's windows resets last.
        response.Headers.TryGetValue("x-ratelimit-reset-requests", out var requests);
        response.Headers.TryGetValue("x-ratelimit-reset-tokens", out var tokens);
        var waits = new[] { RateLimitHeaders.ParseDuration(requests), RateLimitHeaders.ParseDuration(tokens) }.Where(w => w is not null).ToList();
        return waits.Count == 0 ? null : waits.Max();
    }

    private static string Shorten(string s) => StoredText.Shorten(StoredText.Clean(s), 200);
}
