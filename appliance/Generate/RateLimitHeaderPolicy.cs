using System.ClientModel.Primitives;

namespace Appliance.Generate;

/// <summary>
/// A step in the OpenAI SDK's HTTP pipeline that hands every answer's <c>x-ratelimit-*</c> headers to the
/// <see cref="LlmPacer"/>: <see cref="Microsoft.Extensions.AI.IChatClient"/> returns the completion, not the
/// response, so this is where the headers can be seen. 429s pass through here too (the SDK throws after).
/// </summary>
public sealed class RateLimitHeaderPolicy(LlmPacer pacer) : PipelinePolicy
{
    public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        ProcessNext(message, pipeline, currentIndex);
        Observe(message);
    }

    public override async ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        await ProcessNextAsync(message, pipeline, currentIndex).ConfigureAwait(false);
        Observe(message);
    }

    private void Observe(PipelineMessage message)
    {
        if (message.Response is { } response && RateLimitHeaders.Read(name => response.Headers.TryGetValue(name, out var v) ? v : null) is { } seen)
        {
            pacer.Observe(seen);
        }
    }
}
