using System.Collections.Concurrent;

namespace Appliance.Scrape;

/// <summary>
/// Runs page parses on a few threads of their own, one per core: parsing is CPU work, so more at once
/// only holds more documents in memory for no gain in speed.
/// </summary>
/// <remarks>
/// Why threads of our own rather than a gate on the thread pool: a parse rents char arrays as long as the
/// page (AngleSharp's tokenizer from <c>ArrayPool&lt;char&gt;.Shared</c>, our decoded text the same), and
/// that pool keeps one array per size in every thread that returned one. Parses spread over a few dozen
/// pool threads left a 4 MB array in each: 120 MB held after the big pages had gone. On two threads the
/// pool holds a few.
/// </remarks>
public sealed class ParseThreads : IDisposable
{
    private readonly BlockingCollection<Action> _work = [];
    private readonly Thread[] _threads;

    public ParseThreads(int count)
    {
        _threads = [.. Enumerable.Range(0, Math.Max(1, count)).Select(i => new Thread(Run) { IsBackground = true, Name = $"page-parse-{i}" })];
        foreach (var thread in _threads)
        {
            thread.Start();
        }
    }

    /// <summary>Runs <paramref name="parse"/> on a parse thread when one is free.</summary>
    public Task<T> RunAsync<T>(Func<T> parse, CancellationToken ct)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _work.Add(() =>
        {
            if (ct.IsCancellationRequested)
            {
                done.TrySetCanceled(ct);
                return;
            }

            try
            {
                done.TrySetResult(parse());
            }
            catch (Exception e)
            {
                done.TrySetException(e);
            }
        }, CancellationToken.None);
        return done.Task;
    }

    private void Run()
    {
        foreach (var work in _work.GetConsumingEnumerable())
        {
            work();
        }
    }

    public void Dispose()
    {
        _work.CompleteAdding();
        foreach (var thread in _threads)
        {
            thread.Join();
        }

        _work.Dispose();
    }
}
