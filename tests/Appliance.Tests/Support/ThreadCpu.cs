using System.Runtime.InteropServices;

namespace Appliance.Tests.Support;

/// <summary>
/// CPU time of the calling thread (Linux <c>CLOCK_THREAD_CPUTIME_ID</c>): what one piece of work cost, untouched
/// by the other tests and builds sharing the machine, so tests can compare two costs as a ratio.
/// </summary>
public static class ThreadCpu
{
    private const int ClockThreadCpuTime = 3;

    public static TimeSpan Now()
    {
        if (clock_gettime(ClockThreadCpuTime, out var ts) != 0)
        {
            throw new InvalidOperationException("clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed");
        }

        return TimeSpan.FromTicks((ts.Seconds * TimeSpan.TicksPerSecond) + (ts.Nanoseconds / 100));
    }

    /// <summary>The least CPU time of <paramref name="repeats"/> runs of <paramref name="work"/> on this thread.</summary>
    public static TimeSpan Min(Action work, int repeats)
    {
        var best = TimeSpan.MaxValue;
        for (var i = 0; i < repeats; i++)
        {
            var start = Now();
            work();
            var spent = Now() - start;
            best = spent < best ? spent : best;
        }

        return best;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int clock_gettime(int clock, out TimeSpec ts);
}
