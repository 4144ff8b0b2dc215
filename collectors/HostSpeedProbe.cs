using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Appliance.Collectors;

/// <summary>
/// How fast this host's CPU is right now, in two fixed pieces of work each timed in the calling thread's own CPU time
/// (<c>clock_gettime(CLOCK_THREAD_CPUTIME_ID)</c>), so that waiting for a core does not count, only the work's speed:
/// <see cref="HostSpeed.ComputeMs"/>, a chain of integer operations that never leaves the core (its clock, and a sibling
/// hyperthread or a neighbour sharing it), and <see cref="HostSpeed.MemoryMs"/>, a walk of a 4 MiB random cycle in which
/// every step waits on the caches or memory (the caches' contents, which every busy process on the host, ours included,
/// keeps evicting, and the memory's latency). On a shared VM the same work costs more CPU when a neighbour is busy, which
/// neither the load average nor steal shows: a run's samples carry these (<c>metric_samples.probe_compute_ms</c>,
/// <c>probe_memory_ms</c>), so a projection can say at what speed its sample ran and the track record whether the host
/// moved between a basis and its run. About 2 ms and 7 ms of one core a reading here; the cycle holds 4 MiB.
/// </summary>
public static class HostSpeedProbe
{
    private const int CycleLength = 1 << 20; // ints: 4 MiB, beyond the caches a core keeps to itself
    private const int Steps = 60_000;
    private const int MixRounds = 1_000_000;

    private static readonly int[] Cycle = MakeCycle();

    // Where the chain's result goes: a result nobody reads lets the optimised JIT drop the chain and time an empty loop
    // (0.26 ms against 1.6 ms, once Measure was recompiled with Mix inlined).
    private static long sink;
    private static bool warmed;

    /// <summary>
    /// Both readings now; null where the thread's CPU clock cannot be read. Optimised from its first call, as its readings
    /// are from the tenth; the first call walks the cycle once untimed (it read 37 ms against ~8 in the appliance's first
    /// sample: the cycle's first touch), so no reading includes it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static HostSpeed? Measure()
    {
        if (!Volatile.Read(ref warmed))
        {
            Volatile.Write(ref sink, Walk() + Mix(0));
            Volatile.Write(ref warmed, true);
        }

        if (ThreadCpuNanoseconds() is not { } start)
        {
            return null;
        }

        var at = Walk();
        var walked = ThreadCpuNanoseconds();
        Volatile.Write(ref sink, Mix(at));
        return ThreadCpuNanoseconds() is { } end && walked is { } middle ? new HostSpeed((end - middle) / 1e6, (middle - start) / 1e6) : null;
    }

    /// <summary>The integer chain: each round depends on the last, no memory touched. Compiled fully optimised from its first call.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static long Mix(long seed)
    {
        var x = (ulong)seed + 0x9E3779B97F4A7C15UL;
        for (var i = 0; i < MixRounds; i++)
        {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
        }

        return (long)x;
    }

    /// <summary>The walk: each step's address is the last step's load. Its end keeps the JIT from dropping it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Walk()
    {
        var at = 0;
        for (var i = 0; i < Steps; i++)
        {
            at = Cycle[at];
        }

        return at;
    }

    /// <summary>
    /// Nanoseconds the calling thread has run on a CPU, to the nanosecond (the kernel brings the running thread's count up to
    /// date on this call; /proc/thread-self/schedstat moves only at the scheduler's ticks, 4 ms here). Null off Linux's libc.
    /// </summary>
    public static long? ThreadCpuNanoseconds()
    {
        try
        {
            return clock_gettime(ClockThreadCpuTime, out var now) == 0 ? (now.Seconds * 1_000_000_000) + now.Nanoseconds : null;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return null;
        }
    }

    /// <summary>A single cycle through every slot in a seeded random order, so each step is a cache miss the prefetcher cannot guess.</summary>
    private static int[] MakeCycle()
    {
        var order = Enumerable.Range(0, CycleLength).ToArray();
        new Random(42).Shuffle(order);
        var cycle = new int[CycleLength];
        for (var i = 0; i < CycleLength; i++)
        {
            cycle[order[i]] = order[(i + 1) % CycleLength];
        }

        return cycle;
    }

    private const int ClockThreadCpuTime = 3;

    [DllImport("libc")]
    private static extern int clock_gettime(int clock, out TimeSpec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}

/// <summary><see cref="HostSpeedProbe"/>'s two readings, CPU milliseconds for fixed work: more is a slower host.</summary>
public readonly record struct HostSpeed(double ComputeMs, double MemoryMs);
