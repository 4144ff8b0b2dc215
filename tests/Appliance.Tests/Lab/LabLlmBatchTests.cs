using System.Text;
using System.Text.Json;
using Appliance.Generate;
using Appliance.Lab;
using Microsoft.Extensions.Time.Testing;
using static Appliance.Tests.Lab.LabLlmTests;

namespace Appliance.Tests.Lab;

/// <summary>
/// The lab's batch API (<c>/v1/files</c>, <c>/v1/batches</c>) through the appliance's own client, on a clock that
/// moves only when told: every status, the output and error files' format, expiry, refusal and cancellation.
/// </summary>
public sealed class LabLlmBatchTests
{
    private static readonly LlmOptions Llm = new() { Model = "lab-model", MaxOutputTokens = 50 };

    private static byte[] File(params (long Id, string Prompt)[] requests) =>
        requests.SelectMany(r => LlmBatchRequestFile.Line(new LlmBatchRequest(r.Id, r.Prompt), Llm)).ToArray();

    private static (long, string)[] Prompts(int n) => Enumerable.Range(1, n).Select(i => ((long)i, $"Write to Ann Lee (CEO) at Company {i} Ltd. about freight number {i}.")).ToArray();

    private static async Task<(LabServer, LlmBatchApi, FakeTimeProvider)> StartAsync(Action<LabLlmBatchOptions> configure)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-07T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var lab = await LabLlmTests.StartAsync(o =>
        {
            (o.Batch.ValidatingSeconds, o.Batch.TurnaroundMedianSeconds, o.Batch.TurnaroundSigma, o.Batch.FinalizingSeconds) = (1, 10, 0, 1);
            configure(o.Batch);
        }, clock);
        return (lab, new LlmBatchApi(LlmBatchApi.CreateHttpClient(new LlmOptions { BaseUrl = lab.LlmBaseUrl, ApiKey = "x" })), clock);
    }

    private static List<JsonElement> Lines(byte[] jsonl) =>
        Encoding.UTF8.GetString(jsonl).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();

    [Fact]
    public async Task Batch_GoesValidatingInProgressFinalizingCompleted_AndItsOutputHasOneCompletionPerCustomId()
    {
        var (lab, api, clock) = await StartAsync(_ => { });
        await using var _ = lab;
        var created = await api.CreateAsync(await api.UploadAsync(File(Prompts(3)), "in.jsonl", default), new Dictionary<string, string> { ["k"] = "v" }, default);

        var seen = new List<string> { created.Status };
        foreach (var step in new[] { 1, 5, 5, 1 })
        {
            clock.Advance(TimeSpan.FromSeconds(step));
            seen.Add((await api.GetAsync(created.Id, default)).Status);
        }

        var done = await api.GetAsync(created.Id, default);
        var output = Lines(await api.DownloadAsync(done.OutputFileId!, default));
        Assert.Equal(["validating", "in_progress", "in_progress", "finalizing", "completed"], seen);
        Assert.Equal((3, 3, 0, (string?)null), (done.Total, done.Completed, done.Failed, done.ErrorFileId));
        Assert.Equal(["1", "2", "3"], output.Select(l => l.GetProperty("custom_id").GetString()));
        var body = output[1].GetProperty("response").GetProperty("body");
        Assert.Equal(200, output[1].GetProperty("response").GetProperty("status_code").GetInt32());
        Assert.Equal("chat.completion", body.GetProperty("object").GetString());
        var words = body.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries).Length;
        Assert.Equal(words, body.GetProperty("usage").GetProperty("completion_tokens").GetInt32()); // one word, one token, as in real time
        Assert.Equal((3, 3L), ((int)lab.LlmStats.BatchRequestsBilled, lab.LlmStats.BatchesCreated * 3));

        var parsed = LlmBatchResults.Parse(await api.DownloadAsync(done.OutputFileId!, default), "x", 0).ToList();
        Assert.All(parsed, r => Assert.True(r.Message is { PromptTokens: > 0, CompletionTokens: > 0, Generator: "llm-batch", Model: "lab-model" }));
    }

    [Fact]
    public async Task ExpiredBatch_KeepsWhatFinishedInTime_AndReturnsTheRestAsBatchExpired()
    {
        var (lab, api, clock) = await StartAsync(o => (o.ExpiredBatchRate, o.CompletionWindowSeconds) = (1, 100));
        await using var _ = lab;
        var created = await api.CreateAsync(await api.UploadAsync(File(Prompts(40)), "in.jsonl", default), new Dictionary<string, string>(), default);

        clock.Advance(TimeSpan.FromSeconds(99));
        var before = await api.GetAsync(created.Id, default);
        clock.Advance(TimeSpan.FromSeconds(1));
        var expired = await api.GetAsync(created.Id, default);

        var output = LlmBatchResults.Parse(await api.DownloadAsync(expired.OutputFileId!, default), "x", 0).ToList();
        var errors = LlmBatchResults.Parse(await api.DownloadAsync(expired.ErrorFileId!, default), "x", 0).ToList();
        Assert.Equal(("in_progress", "expired"), (before.Status, expired.Status));
        Assert.InRange(output.Count, 12, 28); // 30-70% of 40 ran before the window closed
        Assert.Equal(40, output.Count + errors.Count);
        Assert.All(errors, e => Assert.Equal(("batch_expired", true), (e.ErrorCode, e.Retryable)));
        Assert.Equal(output.Count, lab.LlmStats.BatchRequestsBilled);
    }

    [Fact]
    public async Task EnqueuedTokenLimit_FailsTheBatchThatWouldPassIt_UntilTheFirstFinishes()
    {
        var (lab, api, clock) = await StartAsync(o => o.EnqueuedTokenLimit = 250);
        await using var _ = lab;
        var requests = Prompts(20); // ~20 tokens each: ten fit under 250, twenty do not
        var first = await api.CreateAsync(await api.UploadAsync(File(requests[..10]), "a.jsonl", default), new Dictionary<string, string>(), default);
        var second = await api.CreateAsync(await api.UploadAsync(File(requests[10..]), "b.jsonl", default), new Dictionary<string, string>(), default);

        clock.Advance(TimeSpan.FromSeconds(1));
        var refused = await api.GetAsync(second.Id, default);
        clock.Advance(TimeSpan.FromSeconds(11));
        var third = await api.CreateAsync(await api.UploadAsync(File(requests[10..]), "c.jsonl", default), new Dictionary<string, string>(), default);
        clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(("failed", "token_limit_exceeded"), (refused.Status, refused.ErrorCode));
        Assert.Contains("Limit: 250 enqueued tokens", refused.ErrorMessage, StringComparison.Ordinal);
        Assert.Null(refused.OutputFileId);
        Assert.Equal("completed", (await api.GetAsync(first.Id, default)).Status);
        Assert.Equal("in_progress", (await api.GetAsync(third.Id, default)).Status);
    }

    [Fact]
    public async Task MalformedLine_FailsTheWholeBatch_WithItsLineNumber()
    {
        var (lab, api, clock) = await StartAsync(_ => { });
        await using var _ = lab;
        var content = File(Prompts(2)).Concat("{\"custom_id\":\"9\",\"method\":\"POST\"}\n"u8.ToArray()).ToArray();
        var created = await api.CreateAsync(await api.UploadAsync(content, "bad.jsonl", default), new Dictionary<string, string>(), default);
        clock.Advance(TimeSpan.FromSeconds(2));

        var failed = await api.GetAsync(created.Id, default);
        Assert.Equal(("failed", "invalid_request", 0), (failed.Status, failed.ErrorCode, failed.Total));
        Assert.Equal(0, lab.LlmStats.BatchRequestsBilled);
    }

    [Fact]
    public async Task Cancel_MovesThroughCancelling_AndBillsOnlyWhatRan()
    {
        var (lab, api, clock) = await StartAsync(_ => { });
        await using var _ = lab;
        var created = await api.CreateAsync(await api.UploadAsync(File(Prompts(10)), "in.jsonl", default), new Dictionary<string, string>(), default);
        clock.Advance(TimeSpan.FromSeconds(6)); // half of the 10 s turnaround

        var cancelling = await api.CancelAsync(created.Id, default);
        clock.Advance(TimeSpan.FromSeconds(1));
        var cancelled = await api.GetAsync(created.Id, default);

        var errors = LlmBatchResults.Parse(await api.DownloadAsync(cancelled.ErrorFileId!, default), "x", 0).ToList();
        Assert.Equal(("cancelling", "cancelled"), (cancelling.Status, cancelled.Status));
        Assert.Equal((5, 5), (cancelled.Completed, errors.Count));
        Assert.All(errors, e => Assert.Equal("batch_cancelled", e.ErrorCode));
        Assert.Equal(5, lab.LlmStats.BatchRequestsBilled);
    }

    [Fact]
    public async Task List_FindsABatchByItsInputFile_AcrossPages()
    {
        var (lab, api, _) = await StartAsync(_ => { });
        await using var __ = lab;
        var files = new List<string>();
        var ids = new List<string>();
        for (var i = 0; i < 103; i++)
        {
            files.Add(await api.UploadAsync(File(Prompts(1)), "in.jsonl", default));
            ids.Add((await api.CreateAsync(files[^1], new Dictionary<string, string>(), default)).Id);
        }

        Assert.Equal(103, ids.Distinct().Count());
        Assert.Equal(ids[1], (await api.FindByInputFileAsync(files[1], default))!.Id); // on the second page, newest first
        Assert.Null(await api.FindByInputFileAsync("file-none", default));
    }

    [Fact]
    public async Task RequestErrors_ComeBackAsStatus500Lines_ThatMayBeRetried()
    {
        var (lab, api, clock) = await StartAsync(o => o.RequestErrorRate = 0.5);
        await using var _ = lab;
        var created = await api.CreateAsync(await api.UploadAsync(File(Prompts(40)), "in.jsonl", default), new Dictionary<string, string>(), default);
        clock.Advance(TimeSpan.FromSeconds(12));

        var done = await api.GetAsync(created.Id, default);
        var errors = LlmBatchResults.Parse(await api.DownloadAsync(done.ErrorFileId!, default), "x", 0).ToList();
        Assert.Equal(("completed", 40), (done.Status, done.Completed + done.Failed));
        Assert.InRange(errors.Count, 8, 32);
        Assert.All(errors, e => Assert.Equal(("http_5xx", true), (e.ErrorCode, e.Retryable)));
    }
}
