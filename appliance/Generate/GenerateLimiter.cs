using Microsoft.Extensions.Options;

namespace Appliance.Generate;

/// <summary>The one in-flight limit for generation in this process (<c>Generate:Concurrency</c>), shared by every chunk.</summary>
public sealed class GenerateLimiter(IOptions<GenerateOptions> options)
{
    private readonly SemaphoreSlim _slots = new(options.Value.Concurrency, options.Value.Concurrency);

    public async Task<IDisposable> EnterAsync(CancellationToken ct)
    {
        await _slots.WaitAsync(ct);
        return new Slot(_slots);
    }

    private sealed class Slot(SemaphoreSlim slots) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                slots.Release();
            }
        }
    }
}
