namespace Appliance.Pipeline;

/// <summary>
/// A process-wide limit on work in flight for one stage, shared by every chunk, so total concurrency is a
/// setting rather than workers × chunks. Each stage has its own subclass so it can be injected on its own.
/// The limit can be changed while work runs (a concurrency sweep does): raising it frees slots at once,
/// lowering it takes slots back as work in flight finishes.
/// </summary>
public abstract class InFlightLimiter(int slots)
{
    private readonly SemaphoreSlim _slots = new(slots);
    private readonly Lock _resize = new();
    private int _inFlight;
    private int _limit = slots;

    public int InFlight => Volatile.Read(ref _inFlight);

    public int Limit => Volatile.Read(ref _limit);

    public async Task<IDisposable> EnterAsync(CancellationToken ct)
    {
        await _slots.WaitAsync(ct);
        Interlocked.Increment(ref _inFlight);
        return new Slot(this);
    }

    /// <summary>Sets the limit; returns when the slots taken back (if any) are no longer in use.</summary>
    public async Task ResizeAsync(int limit, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        int delta;
        lock (_resize)
        {
            delta = limit - _limit;
            _limit = limit;
        }

        if (delta > 0)
        {
            _slots.Release(delta);
        }

        for (var i = 0; i < -delta; i++)
        {
            await _slots.WaitAsync(ct);
        }
    }

    private sealed class Slot(InFlightLimiter limiter) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                Interlocked.Decrement(ref limiter._inFlight);
                limiter._slots.Release();
            }
        }
    }
}
