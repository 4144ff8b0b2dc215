using Microsoft.Extensions.Options;

namespace Appliance.Scrape;

/// <summary>
/// The one in-flight limit shared by every chunk in this process (<c>Scrape:Concurrency</c>), so total
/// concurrency is a setting rather than workers × chunks.
/// </summary>
public sealed class ScrapeLimiter(IOptions<ScrapeOptions> options)
{
    private readonly SemaphoreSlim _slots = new(options.Value.Concurrency, options.Value.Concurrency);
    private int _inFlight;

    public int InFlight => Volatile.Read(ref _inFlight);

    public async Task<IDisposable> EnterAsync(CancellationToken ct)
    {
        await _slots.WaitAsync(ct);
        Interlocked.Increment(ref _inFlight);
        return new Slot(this);
    }

    private sealed class Slot(ScrapeLimiter limiter) : IDisposable
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
