using System.Globalization;
using System.Net;
using System.Text.Json;
using Appliance.Generate;
using Microsoft.Extensions.Time.Testing;
using static Appliance.Tests.Lab.LabLlmTests;

namespace Appliance.Tests.Lab;

/// <summary>
/// The lab LLM's rate limits on a clock that moves only when told: bursts, 429s and their
/// headers are then exact, and refill is checked by advancing the clock by what the lab said to wait.
/// </summary>
public sealed class LabLlmRateLimitTests
{
    [Fact]
    public async Task UnpacedBurst_PastTheRequestBucket_Gets429sWithRetryAfter_AndTheCountersAgree()
    {
        // A clock that never moves: nothing refills, so exactly the 10-request burst passes.
        await using var lab = await StartAsync(o => o.RequestsPerMinute = 60, new FakeTimeProvider());
        using var http = new HttpClient();

        var responses = await Task.WhenAll(Enumerable.Range(0, 15).Select(_ => PostAsync(http, lab, Body("hello"))));

        Assert.Equal(10, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        var limited = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.Equal(5, limited.Count);
        Assert.All(responses, r => Assert.Equal("60", Header(r, "x-ratelimit-limit-requests")));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => i.ToString(CultureInfo.InvariantCulture)).Order(),
            responses.Where(r => r.IsSuccessStatusCode).Select(r => Header(r, "x-ratelimit-remaining-requests")).Order());
        foreach (var r in limited)
        {
            Assert.Equal(("1", "1000", "0", "10s"), (Header(r, "retry-after"), Header(r, "retry-after-ms"), Header(r, "x-ratelimit-remaining-requests"), Header(r, "x-ratelimit-reset-requests")));
            using var error = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
            Assert.Equal(("requests", "rate_limit_exceeded"), (error.RootElement.GetProperty("error").GetProperty("type").GetString(), error.RootElement.GetProperty("error").GetProperty("code").GetString()));
        }

        Assert.Equal((15, 5, 10), (lab.LlmStats.Requests, lab.LlmStats.RateLimited, lab.LlmStats.Completed));

        // The appliance's client reads the same answer as a pause of exactly retry-after-ms.
        var error429 = await Assert.ThrowsAsync<GenerationException>(() => Generator(lab, new LlmOptions()).GenerateAsync(Lead, CancellationToken.None));
        Assert.Equal(("rate_limited", TimeSpan.FromSeconds(1)), (error429.Reason, error429.RetryAfter));
    }

    [Fact]
    public async Task TokenBucket_ChargesPromptPlusMaxTokens_AndRefillsAtTheLimitPerSecond()
    {
        // 600 tokens/min: a bucket of 100 refilled at 10 a second; each request costs 2 + 80.
        var clock = new FakeTimeProvider();
        await using var lab = await StartAsync(o => o.TokensPerMinute = 600, clock);
        using var http = new HttpClient();
        var body = Body("12345678", maxTokens: 80);

        using var first = await PostAsync(http, lab, body);
        using var second = await PostAsync(http, lab, body);
        clock.Advance(TimeSpan.FromMilliseconds(double.Parse(Header(second, "retry-after-ms")!, CultureInfo.InvariantCulture)));
        using var third = await PostAsync(http, lab, body);

        Assert.Equal((HttpStatusCode.OK, "18"), (first.StatusCode, Header(first, "x-ratelimit-remaining-tokens")));
        Assert.Equal((HttpStatusCode.TooManyRequests, "6400", "7"), (second.StatusCode, Header(second, "retry-after-ms"), Header(second, "retry-after")));
        Assert.Contains("\"type\":\"tokens\"", await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
        Assert.False(first.Headers.Contains("x-ratelimit-limit-requests")); // that limit is off
    }
}
