namespace Appliance.Pipeline;

/// <summary>
/// A process-wide limit on work in flight for one stage, shared by every chunk, so total concurrency is a
/// setting rather than workers × chunks. Each stage has its own subclass so it can be injected on its own.
/// <para>
/// A free slot goes to the waiting item of the <b>earliest chunk</b> (<see cref="NextOrder"/>), first come first served
/// within it. With plain first-come order every chunk running at once got slots in turn, so all of them reached their
/// last slow items (a hung site waits out the 20 s request timeout) together and the limit sat partly idle until they
/// ended and new chunks were claimed: 30,000 lab rows at 512 in flight held 424 slots on average in the steady part.
/// Earliest chunk first, the chunks end one after another and a chunk's tail overlaps the next chunks' work.
/// </para>
/// The limit can be changed while work runs (a concurrency sweep does): raising it grants waiting items at once,
/// lowering it takes slots back as work in flight finishes.
/// </summary>
public abstract class InFlightLimiter(int slots)
{
    private readonly Lock _lock = new();
    private readonly PriorityQueue<TaskCompletionSource, (long Order, long Arrival)> _waiting = new();
    private TaskCompletionSource? _shrunk;
    private int _inFlight;
    private int _limit = slots;
    private long _arrivals;
    private long _orders;

    public int InFlight => Volatile.Read(ref _inFlight);

    public int Limit => Volatile.Read(ref _limit);

    /// <summary>The order of a new group of items (a chunk): the items of earlier groups are granted slots first.</summary>
    public long NextOrder() => Interlocked.Increment(ref _orders);

    /// <summary>A slot for an item of no particular group: after every group that asked before it.</summary>
    public Task<IDisposable> EnterAsync(CancellationToken ct) => EnterAsync(NextOrder(), ct);

    /// <summary>A slot for an item of group <paramref name="order"/>; dispose it to give the slot back.</summary>
    public async Task<IDisposable> EnterAsync(long order, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        TaskCompletionSource granted;
        lock (_lock)
        {
            if (_inFlight < _limit && _waiting.Count == 0)
            {
                _inFlight++;
                return new Slot(this);
            }

            // Continuations run off the lock: a grant happens inside it.
            granted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiting.Enqueue(granted, (order, _arrivals++));
            // Waiters cancelled before their turn may be all that stood in the way.
            GrantLocked();
        }

        // Cancelled before its grant, the waiter stays queued and is skipped when its turn comes.
        await using (ct.UnsafeRegister(static (s, token) => ((TaskCompletionSource)s!).TrySetCanceled(token), granted))
        {
            await granted.Task;
        }

        return new Slot(this);
    }

    /// <summary>Sets the limit; returns when the slots taken back (if any) are no longer in use.</summary>
    public async Task ResizeAsync(int limit, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        Task shrunk;
        lock (_lock)
        {
            _limit = limit;
            GrantLocked();
            if (_inFlight <= _limit)
            {
                return;
            }

            _shrunk ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            shrunk = _shrunk.Task;
        }

        await shrunk.WaitAsync(ct);
    }

    private void Release()
    {
        lock (_lock)
        {
            _inFlight--;
            GrantLocked();
            if (_shrunk is not null && _inFlight <= _limit)
            {
                _shrunk.TrySetResult();
                _shrunk = null;
            }
        }
    }

    private void GrantLocked()
    {
        while (_inFlight < _limit && _waiting.TryDequeue(out var waiter, out _))
        {
            if (waiter.TrySetResult())
            {
                _inFlight++;
            }
        }
    }

    private sealed class Slot(InFlightLimiter limiter) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                limiter.Release();
            }
        }
    }
}
