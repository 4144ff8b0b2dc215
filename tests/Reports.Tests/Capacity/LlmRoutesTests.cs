using Appliance.Reports.Capacity;

namespace Appliance.Reports.Tests.Capacity;

public sealed class LlmRoutesTests
{
    /// <summary>350 prompt + 200 completion tokens (all of Llm:MaxOutputTokens): 550 a message, the figure.</summary>
    private static readonly LlmMessageStats Measured = new(2_000, 350, 350, 350, 200, 200, 200, 2.0, 3.0, 2.1);

    private static LlmRouteInput Input(int? rpm, int? tpm, string source = "headers", TokenPrice? price = null, long enqueued = 2_000_000,
        double median = 600, double p90 = 600, LlmMessageStats? stats = null, long messages = 500_000) =>
        new(messages, new LlmAccountLimits(rpm, tpm, source), stats ?? Measured, MaxOutputTokens: 200, Concurrency: 64, price,
            new LlmBatchAssumptions(50_000, enqueued, median, p90, "configured", PriceDiscount: 0.5), LlmTiers.OpenAiGpt4oMini, LlmTiers.OpenAiGpt4oMiniSource);

    [Fact]
    public void Tier1_TokensPerMinuteBinds_AndTheEtaIsTotalTokensOverTpm_PlusFillAndDrain()
    {
        var plan = LlmRoutes.Project(Input(500, 200_000));

        // 500,000 × 550 tokens ÷ 200,000 a minute = 1,375 min; plus one latency for the first and the last answer.
        var tokensOverTpm = 500_000.0 * 550 / 200_000 * 60;
        var expected = tokensOverTpm + Measured.LatencyP50Seconds;
        Assert.Equal(LlmRoutes.Tpm, plan.Realtime.Binding);
        Assert.InRange(plan.Realtime.SecondsExpected, expected * 0.95, expected * 1.05);
        Assert.True(plan.Realtime.SecondsExpected > tokensOverTpm); // the pacer's 1% margin and the drain only add
        Assert.InRange(plan.Realtime.SecondsExpected, plan.Realtime.SecondsLow, plan.Realtime.SecondsHigh);
        Assert.Contains("from headers", plan.Headline, StringComparison.Ordinal);
        Assert.Contains("TPM binds", plan.Headline, StringComparison.Ordinal);
    }

    [Fact]
    public void FewTokensAMessage_RequestsPerMinuteBind()
    {
        var plan = LlmRoutes.Project(Input(500, 200_000, stats: new LlmMessageStats(2_000, 50, 50, 50, 20, 20, 20, 2, 3, 2), messages: 10_000));

        Assert.Equal(LlmRoutes.Rpm, plan.Realtime.Binding);
        Assert.InRange(plan.Realtime.SecondsExpected, 10_000 / (500 * 0.99 / 60), 10_000 / (500 * 0.99 / 60) + 3);
    }

    [Fact]
    public void NoLimitKnown_ConcurrencyTimesLatencyBinds_AndTheHeadlineSaysSoLoudly()
    {
        var plan = LlmRoutes.Project(Input(null, null, source: "none"));

        Assert.Equal(LlmRoutes.Latency, plan.Realtime.Binding);
        Assert.InRange(plan.Realtime.SecondsExpected, 500_000 / (64 / 2.1), (500_000 / (64 / 2.1)) + 3); // Little: 64 in flight ÷ 2.1 s
        Assert.Contains("NO RATE LIMIT KNOWN", plan.Headline, StringComparison.Ordinal);
        Assert.Contains(plan.Notes, n => n.StartsWith("No LLM rate limit is known", StringComparison.Ordinal));
    }

    [Fact]
    public void Batch_UnderTier1sEnqueuedLimit_RunsOneBatchAtATime()
    {
        var plan = LlmRoutes.Project(Input(500, 200_000));

        // 1,900,000 usable tokens ÷ 350 = 5,428 requests a batch; 93 batches one after another, 600 s + half a 30 s poll each.
        Assert.Equal(93 * 615, plan.Batch.SecondsExpected, 6);
        Assert.Equal("enqueued tokens", plan.Batch.Binding);
        Assert.Contains("93 batch(es) of up to 5,428 requests, 1 at a time", plan.Batch.Basis, StringComparison.Ordinal);
    }

    [Fact]
    public void Batch_WithoutAnEnqueuedLimit_RunsAllBatchesAtOnce_AndTheSpreadWidensTheInterval()
    {
        var plan = LlmRoutes.Project(Input(500, 200_000, enqueued: 0, median: 1_800, p90: 7_200));

        Assert.Equal("turnaround", plan.Batch.Binding);
        Assert.Contains("10 batch(es) of up to 50,000 requests, 10 at a time", plan.Batch.Basis, StringComparison.Ordinal);
        Assert.True(plan.Batch.SecondsLow < plan.Batch.SecondsExpected && plan.Batch.SecondsExpected < plan.Batch.SecondsHigh);
        Assert.True(plan.Batch.SecondsExpected > 1_800); // the slowest of ten, not the median one
    }

    [Fact]
    public void Batch_PastTheWindow_Expires_AndTheRestIsSubmittedAgain()
    {
        var plan = LlmRoutes.Project(Input(500, 200_000, enqueued: 0, median: 2 * 86_400, p90: 2 * 86_400, messages: 1_000));

        Assert.True(plan.Batch.SecondsExpected >= 2 * 86_400, plan.Batch.SecondsExpected.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Cost_IsTokensTimesPrice_BatchAtItsDiscount_AndNullWithoutAPrice()
    {
        var priced = LlmRoutes.Project(Input(500, 200_000, price: new TokenPrice(0.15, 0.60)));
        var unpriced = LlmRoutes.Project(Input(500, 200_000));

        var realtime = 500_000 * ((350 * 0.15) + (200 * 0.60)) / 1e6; // $86.25
        Assert.Equal(realtime, priced.Realtime.Cost!.Value, 6);
        Assert.Equal(realtime / 2, priced.Batch.Cost!.Value, 6);
        Assert.Equal(realtime / 500, priced.CostPer1000Realtime!.Value, 6);
        Assert.Null(unpriced.Realtime.Cost);
        Assert.Null(unpriced.CostPer1000Batch);
        Assert.Contains(unpriced.Notes, n => n.StartsWith("No token price configured", StringComparison.Ordinal));
    }

    [Fact]
    public void TierTable_FasterTiersAreNeverSlower_AndTier1IsAboutADay()
    {
        var plan = LlmRoutes.Project(Input(null, null, source: "none"));

        Assert.Equal(5, plan.Tiers.Count);
        Assert.InRange(plan.Tiers[0].RealtimeSeconds / 3600, 22, 24); // the "about 23 h"
        Assert.Equal(LlmRoutes.Tpm, plan.Tiers[0].RealtimeBinding);
        for (var i = 1; i < plan.Tiers.Count; i++)
        {
            Assert.True(plan.Tiers[i].RealtimeSeconds <= plan.Tiers[i - 1].RealtimeSeconds);
            Assert.True(plan.Tiers[i].BatchSeconds <= plan.Tiers[i - 1].BatchSeconds);
        }
    }
}
