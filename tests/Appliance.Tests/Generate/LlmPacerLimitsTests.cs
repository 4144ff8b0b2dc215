using Appliance.Generate;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using static Appliance.Tests.Lab.LabLlmTests;

namespace Appliance.Tests.Generate;

/// <summary>The account's limits: learned from the lab's <c>x-ratelimit-*</c> headers through the real client path, or configured.</summary>
public sealed class LlmPacerLimitsTests
{
    private static async Task<(LlmLimitsSnapshot Before, LlmLimitsSnapshot After)> AfterOneCallAsync(Action<Appliance.Lab.LabLlmOptions> lab, LlmOptions options)
    {
        await using var server = await StartAsync(lab);
        (options.BaseUrl, options.Model, options.ApiKey) = (server.LlmBaseUrl, "lab-model", "x");
        await using var pacer = new LlmPacer(Options.Create(options), TimeProvider.System);
        var before = pacer.Limits;
        await new LlmGenerator(Options.Create(options), Options.Create(new GenerateOptions()), pacer).GenerateAsync(Lead, CancellationToken.None);
        return (before, pacer.Limits);
    }

    [Fact]
    public async Task NothingConfigured_TheLimitsComeFromTheFirstAnswersHeaders()
    {
        var (before, limits) = await AfterOneCallAsync(o => (o.RequestsPerMinute, o.TokensPerMinute) = (500, 200_000), new LlmOptions());

        Assert.Equal((null, null, "none"), (before.RequestsPerMinute, before.TokensPerMinute, before.Source));
        Assert.Equal((500, 200_000, "headers"), (limits.RequestsPerMinute, limits.TokensPerMinute, limits.Source));
        Assert.Equal(82, limits.LastSeen!.RemainingRequests); // the lab's bucket holds 10 s of 500/min (83) and this call took one
    }

    [Fact]
    public async Task Configuration_OverridesWhatTheHeadersSay()
    {
        var (_, limits) = await AfterOneCallAsync(o => (o.RequestsPerMinute, o.TokensPerMinute) = (500, 200_000), new LlmOptions { RequestsPerMinute = 100, TokensPerMinute = 9_000 });

        Assert.Equal((100, 9_000, "config"), (limits.RequestsPerMinute, limits.TokensPerMinute, limits.Source));
    }

    [Fact]
    public async Task AnEndpointWithoutHeaders_LeavesTheLimitsUnknown()
    {
        var (_, limits) = await AfterOneCallAsync(_ => { }, new LlmOptions());

        Assert.Equal((null, null, "none"), (limits.RequestsPerMinute, limits.TokensPerMinute, limits.Source));
    }

    [Fact]
    public async Task LearnedRequestLimit_PacesLaterCalls()
    {
        await using var pacer = new LlmPacer(Options.Create(new LlmOptions()), TimeProvider.System);
        var unknown = Enumerable.Range(0, 5).Select(_ => pacer.WaitAsync(10, CancellationToken.None)).ToList();

        pacer.Observe(new RateLimitObservation(60, null, 59, null, TimeSpan.FromSeconds(1), null));
        using var stop = new CancellationTokenSource();
        var paced = Enumerable.Range(0, 5).Select(_ => pacer.WaitAsync(10, stop.Token)).ToList();

        Assert.All(unknown, t => Assert.True(t.IsCompletedSuccessfully)); // no limit known: nobody waits
        Assert.Equal(1, paced.Count(t => t.IsCompleted)); // 60/min: a burst of one second's worth, one call
        Assert.Equal(4, pacer.Waiting);
        Assert.Equal((60, "headers"), (pacer.Limits.RequestsPerMinute, pacer.Limits.Source));
        await stop.CancelAsync();
    }

    [Fact]
    public async Task NothingLeftInTheWindow_PausesEveryCallerUntilItResets()
    {
        var clock = new FakeTimeProvider();
        await using var pacer = new LlmPacer(Options.Create(new LlmOptions { RequestsPerMinute = 1_000_000 }), clock);

        pacer.Observe(new RateLimitObservation(1_000_000, null, 0, null, TimeSpan.FromSeconds(2), null));
        var wait = pacer.WaitAsync(1, CancellationToken.None);
        await Task.Delay(50);
        var pausedAtFirst = !wait.IsCompleted;
        clock.Advance(TimeSpan.FromSeconds(2));
        await wait.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(pausedAtFirst);
    }
}
