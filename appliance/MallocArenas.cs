using System.Runtime.InteropServices;

namespace Appliance;

/// <summary>
/// Caps glibc's malloc arenas at start-up. glibc gives each new thread an arena of its own, up to 8 per core,
/// and an arena keeps the pages its freed chunks sit between: OpenSSL's per-connection allocations (handshakes,
/// certificate chains, session state) on the thread pool's threads spread over a dozen arenas and left ~120 MB of
/// fragmentation resident in a 30,000-lead HTTPS scrape (docs/benchmarks.md, "Where the HTTPS memory is").
/// <para>
/// glibc fixes its arena limit the first time it needs a new arena after 8 exist; until then <c>mallopt</c> still
/// sets it, and arenas made before the call are kept (new threads share them). Called first thing in Main, when the
/// runtime's start-up threads have made a few arenas (7 besides the main one, measured), so the systemd unit sets
/// <c>MALLOC_ARENA_MAX</c> too: in the environment (read by glibc itself, before any code runs) it wins, and the call
/// is skipped. Not glibc (musl, other OS): nothing.
/// </para>
/// </summary>
public static class MallocArenas
{
    /// <summary>The cap the appliance applies: with 2, the HTTPS scrape's CPU a fetch was unchanged (docs/benchmarks.md).</summary>
    public const int DefaultMax = 2;

    /// <summary>glibc's <c>M_ARENA_MAX</c> parameter number for <c>mallopt</c>.</summary>
    private const int MArenaMax = -8;

    public enum Outcome
    {
        Applied,
        EnvironmentSet,
        NotGlibc,
        Refused,
    }

    /// <summary>Sets glibc's arena cap to <paramref name="max"/> unless the environment already set one.</summary>
    public static Outcome Cap(int max = DefaultMax)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        if (!IsGlibc())
        {
            return Outcome.NotGlibc;
        }

        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("MALLOC_ARENA_MAX")))
        {
            return Outcome.EnvironmentSet;
        }

        return mallopt(MArenaMax, max) == 1 ? Outcome.Applied : Outcome.Refused;
    }

    /// <summary>The arenas glibc has made in this process (<c>malloc_info</c>'s heaps); null where that is not glibc.</summary>
    public static int? Count()
    {
        if (!IsGlibc())
        {
            return null;
        }

        var buffer = IntPtr.Zero;
        var file = open_memstream(ref buffer, out var size);
        if (file == IntPtr.Zero)
        {
            return null;
        }

        try
        {
            _ = malloc_info(0, file);
        }
        finally
        {
            _ = fclose(file);
        }

        try
        {
            var xml = Marshal.PtrToStringUTF8(buffer, checked((int)size));
            var count = 0;
            for (var at = xml.IndexOf("<heap nr=", StringComparison.Ordinal); at >= 0; at = xml.IndexOf("<heap nr=", at + 1, StringComparison.Ordinal))
            {
                count++;
            }

            return count;
        }
        finally
        {
            free(buffer);
        }
    }

    private static bool IsGlibc()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            return gnu_get_libc_version() != IntPtr.Zero;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return false;
        }
    }

    [DllImport("libc")]
    private static extern IntPtr gnu_get_libc_version();

    [DllImport("libc")]
    private static extern int mallopt(int param, int value);

    [DllImport("libc")]
    private static extern IntPtr open_memstream(ref IntPtr buffer, out nuint size);

    [DllImport("libc")]
    private static extern int malloc_info(int options, IntPtr stream);

    [DllImport("libc")]
    private static extern int fclose(IntPtr stream);

    [DllImport("libc")]
    private static extern void free(IntPtr pointer);
}
