namespace Appliance.Jobs;

/// <summary>
/// A process-wide limit on work in flight for one stage, shared by every chunk, so total concurrency is a
/// setting rather than workers × chunks. Each stage has its own subclass so it can be injected on its own.
/// </summary>
public abstract class InFlightLimiter(int slots)
{
    private readonly SemaphoreSlim _slots = new(slots, slots);
    private int _inFlight;

    public int InFlight => Volatile.Read(ref _inFlight);

    public async Task<IDisposable> EnterAsync(CancellationToken ct)
    {
        await _slots.WaitAsync(ct);
        Interlocked.Increment(ref _inFlight);
        return new Slot(this);
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
