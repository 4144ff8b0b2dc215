using System.ClientModel;
using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Text;
using System.Text.Json;
using Appliance.Generate;
using Appliance.Lab;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OpenAI;

namespace Appliance.Tests.Lab;

/// <summary>
/// The lab LLM through the appliance's real client path (OpenAI SDK under IChatClient) and raw
/// HTTP where headers matter. Generation is made instant (no first-token wait, a million tokens
/// a second); timing itself is checked on a fake clock, never on the wall clock.
/// </summary>
public sealed class LabLlmTests
{
    internal static readonly LeadFacts Lead = new(1, "Northwind Freight", "Ann Lee", "CEO", "Logistics", "http://127.16.0.1/", "127.16.0.1", true,
        "Northwind Freight", "Freight forwarding", ["Our services"], "We move goods across Europe.");

    [Fact]
    public async Task LlmGenerator_GetsAMessageWithUsage_FromTheLab()
    {
        await using var lab = await StartAsync(_ => { });
        var generator = Generator(lab, new LlmOptions());

        var message = await generator.GenerateAsync(Lead, CancellationToken.None);

        Assert.Equal("lab-model", message.Model);
        Assert.Contains("Northwind Freight", message.Body, StringComparison.Ordinal);
        // The lab counts every message's text: the system message with the instructions, then the lead's prompt.
        Assert.Equal(LlmPacer.EstimateTokens(PromptTemplate.SystemMessage + PromptTemplate.Default().Render(Lead)), message.PromptTokens);
        Assert.InRange(message.CompletionTokens, 1, 200);
        Assert.Equal(message.CompletionTokens, message.Body.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries).Length); // one word, one token
        Assert.Equal((1, 1, message.CompletionTokens), (lab.LlmStats.Requests, lab.LlmStats.Completed, lab.LlmStats.CompletionTokens));
    }

    [Fact]
    public async Task Streaming_SendsOneChunkPerToken_AndAddsUpToThePlainAnswer()
    {
        await using var lab = await StartAsync(_ => { });
        var chat = ChatClient(lab);
        ChatMessage[] prompt = [new(ChatRole.User, "Write to Ann at Northwind Freight.")];

        var plain = await chat.GetResponseAsync(prompt);
        var updates = await chat.GetStreamingResponseAsync(prompt).ToListAsync();

        var usage = updates.SelectMany(u => u.Contents).OfType<UsageContent>().Single().Details;
        Assert.Equal(plain.Text, string.Concat(updates.Select(u => u.Text)));
        Assert.Equal(plain.Usage!.OutputTokenCount, usage.OutputTokenCount);
        Assert.Equal(usage.OutputTokenCount, updates.Count(u => u.Text.Length > 0));
        Assert.Equal(ChatFinishReason.Stop, updates.Last(u => u.FinishReason is not null).FinishReason);
        Assert.Equal(2, lab.LlmStats.Completed);
    }

    [Fact]
    public async Task MaxOutputTokens_CutsTheCompletion_WithFinishReasonLength()
    {
        await using var lab = await StartAsync(_ => { });

        var response = await ChatClient(lab).GetResponseAsync("Write to Northwind.", new ChatOptions { MaxOutputTokens = 7 });

        Assert.Equal(7, response.Usage!.OutputTokenCount);
        Assert.Equal(ChatFinishReason.Length, response.FinishReason);
    }

    [Fact]
    public async Task AnyModelId_IsEchoed_AndPromptTokensCountEveryMessage()
    {
        await using var lab = await StartAsync(_ => { });
        using var http = new HttpClient();
        var system = new string('s', 10);
        var user = new string('u', 7);

        using var response = await PostAsync(http, lab, $$"""{"model":"llama-3-8b","messages":[{"role":"system","content":"{{system}}"},{"role":"user","content":[{"type":"text","text":"{{user}}"}]}]}""");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("llama-3-8b", json.RootElement.GetProperty("model").GetString());
        var usage = json.RootElement.GetProperty("usage");
        Assert.Equal(5, usage.GetProperty("prompt_tokens").GetInt32()); // ceil(17 / 4)
        Assert.Equal(usage.GetProperty("prompt_tokens").GetInt32() + usage.GetProperty("completion_tokens").GetInt32(), usage.GetProperty("total_tokens").GetInt32());
    }

    [Fact]
    public async Task Models_ListsTheLabModel()
    {
        await using var lab = await StartAsync(_ => { });
        using var http = new HttpClient();

        using var json = JsonDocument.Parse(await http.GetStringAsync(lab.LlmBaseUrl + "/models"));

        Assert.Equal("list", json.RootElement.GetProperty("object").GetString());
        var model = Assert.Single(json.RootElement.GetProperty("data").EnumerateArray());
        Assert.Equal(("lab-model", "model", "appliance-lab"), (model.GetProperty("id").GetString(), model.GetProperty("object").GetString(), model.GetProperty("owned_by").GetString()));
    }

    [Fact]
    public async Task MalformedJson_FailsTheGenerator_WithBadResponse()
    {
        await using var lab = await StartAsync(o => o.MalformedJsonRate = 1.0);

        var error = await Assert.ThrowsAsync<GenerationException>(() => Generator(lab, new LlmOptions()).GenerateAsync(Lead, CancellationToken.None));

        Assert.Equal(("bad_response", false), (error.Reason, error.Transient));
        Assert.Equal((1, 0), (lab.LlmStats.Faults, lab.LlmStats.Completed));
    }

    [Fact]
    public async Task ServerErrors_AreTransientFailures()
    {
        await using var lab = await StartAsync(o => o.ServerErrorRate = 1.0);

        var error = await Assert.ThrowsAsync<GenerationException>(() => Generator(lab, new LlmOptions()).GenerateAsync(Lead, CancellationToken.None));

        Assert.Equal(("http_5xx", true), (error.Reason, error.Transient));
    }

    [Fact]
    public async Task Timeout_NeverAnswers_EvenAnHourLater_UntilTheClientGivesUp()
    {
        var clock = new FakeTimeProvider();
        await using var lab = await StartAsync(o => o.TimeoutRate = 1.0, clock);
        using var http = new HttpClient();
        using var giveUp = new CancellationTokenSource();

        var call = http.PostAsync(lab.LlmBaseUrl + "/chat/completions", new StringContent(Body("hello"), Encoding.UTF8, "application/json"), giveUp.Token);
        await WaitUntil(() => lab.LlmStats.Faults == 1);
        clock.Advance(TimeSpan.FromHours(1));
        var answered = await Task.WhenAny(call, Task.Delay(200)) == call;
        await giveUp.CancelAsync();

        Assert.False(answered);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        await WaitUntil(() => lab.LlmStats.InFlight == 0); // the lab let go of it too
    }

    [Fact]
    public async Task NoFirstTokenWait_AndFastTokens_AnswerWithoutAnyTimer()
    {
        await using var lab = await StartAsync(_ => { }, new NoTimers());
        var chat = ChatClient(lab);

        var plain = await chat.GetResponseAsync("Write to Northwind.");
        var streamed = await chat.GetStreamingResponseAsync("Write to Northwind.").ToListAsync();

        Assert.Equal(plain.Text, string.Concat(streamed.Select(u => u.Text)));
        Assert.NotEmpty(plain.Text);
    }

    [Fact]
    public async Task Completion_WaitsFirstTokenPlusTokenTime_OnTheLabClock()
    {
        // 300 ms to the first token, then 9 more at 50/s: the answer is due 480 ms after arrival.
        var clock = new FakeTimeProvider();
        await using var lab = await StartAsync(o => (o.TimeToFirstTokenMs, o.TokensPerSecond) = (300, 50), clock);
        using var http = new HttpClient();

        var call = PostAsync(http, lab, Body("hello", maxTokens: 10));
        var advanced = TimeSpan.Zero;
        while (!call.IsCompleted && advanced < TimeSpan.FromSeconds(5))
        {
            clock.Advance(TimeSpan.FromMilliseconds(20));
            advanced += TimeSpan.FromMilliseconds(20);
            await Task.WhenAny(call, Task.Delay(5));
        }

        using var response = await call;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.InRange(advanced, TimeSpan.FromMilliseconds(480), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Options_Defaults_AreValid_AndErrorRatesPastOne_AreNot()
    {
        var options = new LabOptions();
        options.ThrowIfInvalid();
        Assert.Equal((300, 50, 120, 0, 0), (options.Llm.TimeToFirstTokenMs, options.Llm.TokensPerSecond, options.Llm.OutputTokens, options.Llm.RequestsPerMinute, options.Llm.TokensPerMinute));

        var bad = new LabOptions { Llm = { ServerErrorRate = 0.6, TimeoutRate = 0.6 } };
        var error = Assert.Throws<ValidationException>(bad.ThrowIfInvalid);
        Assert.Contains("Lab:Llm", error.Message, StringComparison.Ordinal);
    }

    internal static async Task<LabServer> StartAsync(Action<LabLlmOptions> configure, TimeProvider? time = null)
    {
        var options = new LabOptions { Port = 0, LatencyMedianMs = 0, Llm = { TimeToFirstTokenMs = 0, TokensPerSecond = 1e6 } };
        configure(options.Llm);
        return await LabServer.StartAsync(options, time ?? TimeProvider.System);
    }

    internal static LlmGenerator Generator(LabServer lab, LlmOptions options)
    {
        (options.BaseUrl, options.Model, options.ApiKey) = (lab.LlmBaseUrl, "lab-model", "x");
        return new LlmGenerator(Options.Create(options), Options.Create(new GenerateOptions()), new LlmPacer(Options.Create(options), TimeProvider.System));
    }

    private static IChatClient ChatClient(LabServer lab) =>
        new OpenAIClient(new ApiKeyCredential("x"), new OpenAIClientOptions { Endpoint = new Uri(lab.LlmBaseUrl) }).GetChatClient("lab-model").AsIChatClient();

    internal static string Body(string prompt, int? maxTokens = null) =>
        $$"""{"model":"lab-model","messages":[{"role":"user","content":"{{prompt}}"}]{{(maxTokens is { } m ? $",\"max_tokens\":{m}" : "")}}}""";

    internal static Task<HttpResponseMessage> PostAsync(HttpClient http, LabServer lab, string body) =>
        http.PostAsync(lab.LlmBaseUrl + "/chat/completions", new StringContent(body, Encoding.UTF8, "application/json"));

    internal static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }

    /// <summary>Any wait on the lab's clock throws, so an answer proves nothing waited.</summary>
    private sealed class NoTimers : TimeProvider
    {
        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            throw new InvalidOperationException("the lab asked for a timer");
    }
}
