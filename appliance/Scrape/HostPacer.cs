using System.Collections.Concurrent;

namespace Appliance.Scrape;

/// <summary>
/// Optional politeness: at least <c>Scrape:PerHostDelayMs</c> between the starts of two requests to
/// one host. Each host has its own gate, so a slow host never delays another.
/// </summary>
public sealed class HostPacer(TimeSpan delay, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Gate> _hosts = new(StringComparer.OrdinalIgnoreCase);

    public async Task WaitTurnAsync(string host, CancellationToken ct)
    {
        if (delay <= TimeSpan.Zero)
        {
            return;
        }

        var gate = _hosts.GetOrAdd(host, _ => new Gate());
        await gate.Lock.WaitAsync(ct);
        try
        {
            var wait = gate.Next - time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time, ct);
            }

            gate.Next = time.GetUtcNow() + delay;
        }
        finally
        {
            gate.Lock.Release();
        }
    }

    private sealed class Gate
    {
        public SemaphoreSlim Lock { get; } = new(1, 1);

        public DateTimeOffset Next { get; set; }
    }
}
