using Appliance.Pipeline;

namespace Appliance.Tests.Pipeline;

/// <summary>The in-flight limit: a free slot goes to the earliest chunk's waiting item, cancelled waiters never block it, and it resizes.</summary>
public sealed class InFlightLimiterTests
{
    private sealed class Limiter(int slots) : InFlightLimiter(slots);

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task AFreedSlot_GoesToTheEarliestChunk_ThenFirstComeWithinIt()
    {
        var limiter = new Limiter(1);
        var (late, early) = (limiter.NextOrder() + 10, limiter.NextOrder());
        var held = await limiter.EnterAsync(early, CancellationToken.None);
        var granted = new List<string>();
        async Task<IDisposable> Wait(string name, long order)
        {
            var slot = await limiter.EnterAsync(order, CancellationToken.None);
            lock (granted)
            {
                granted.Add(name);
            }

            return slot;
        }

        // Asked in this order: a late chunk's item first, then the early chunk's two, then a middle chunk's.
        var waiters = new[] { Wait("late", late), Wait("early-1", early), Wait("early-2", early), Wait("middle", early + 1) };
        Assert.All(waiters, w => Assert.False(w.IsCompleted));
        Assert.Equal(1, limiter.InFlight);

        held.Dispose();
        var pending = waiters.ToList();
        while (pending.Count > 0)
        {
            // One slot: the next waiter is granted only when this one gives it back.
            var next = await Task.WhenAny(pending).WaitAsync(Patience);
            pending.Remove(next);
            (await next).Dispose();
        }

        Assert.Equal(["early-1", "early-2", "middle", "late"], granted);
        Assert.Equal(0, limiter.InFlight);
    }

    [Fact]
    public async Task AWaiterCancelledBeforeItsTurn_IsSkipped_AndNeverHoldsASlot()
    {
        var limiter = new Limiter(1);
        var held = await limiter.EnterAsync(CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var cancelled = limiter.EnterAsync(cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);

        held.Dispose();
        Assert.Equal(0, limiter.InFlight);
        // The cancelled waiter is still queued; the next item must get the free slot anyway.
        using var next = await limiter.EnterAsync(CancellationToken.None).WaitAsync(Patience);
        Assert.Equal(1, limiter.InFlight);
    }

    [Fact]
    public async Task Raising_GrantsWaitingItemsAtOnce_Lowering_ReturnsWhenTheSlotsTakenBackAreFree()
    {
        var limiter = new Limiter(1);
        var first = await limiter.EnterAsync(CancellationToken.None);
        var second = limiter.EnterAsync(CancellationToken.None);
        Assert.False(second.IsCompleted);

        await limiter.ResizeAsync(2);
        var secondSlot = await second.WaitAsync(Patience);
        Assert.Equal(2, limiter.InFlight);

        var lowered = limiter.ResizeAsync(1);
        Assert.False(lowered.IsCompleted);
        var third = limiter.EnterAsync(CancellationToken.None);
        first.Dispose();
        await lowered.WaitAsync(Patience);
        Assert.Equal(1, limiter.InFlight);
        Assert.False(third.IsCompleted);

        secondSlot.Dispose();
        (await third.WaitAsync(Patience)).Dispose();
        Assert.Equal(0, limiter.InFlight);
    }
}
