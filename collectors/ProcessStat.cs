namespace Appliance.Collectors;

/// <summary>
/// The fields of <c>/proc/[pid]/stat</c> (proc(5)) the process metrics and the benchmarks' per-process CPU sampler need, raw
/// kernel units. The children's ticks are those of children the process has waited for (a reaped child's CPU moves there).
/// </summary>
public readonly record struct ProcessStat(ulong UserTicks, ulong SystemTicks, long Threads, ulong StartTicks, ulong VirtualBytes, long RssPages,
    int ParentPid = 0, long ChildUserTicks = 0, long ChildSystemTicks = 0)
{
    public static ProcessStat Parse(string text)
    {
        // The command name is in parentheses and may contain spaces or ')'; fields resume after the last ')'.
        var close = text.LastIndexOf(')');
        if (close < 0)
        {
            throw new FormatException("no command name in /proc/[pid]/stat");
        }

        // f[0] is field 3 (state), so field n is f[n - 3].
        var f = Numbers.Fields(text[(close + 1)..]);
        if (f.Length < 22)
        {
            throw new FormatException($"/proc/[pid]/stat has {f.Length + 2} fields");
        }

        return new ProcessStat(Numbers.ULong(f[11]), Numbers.ULong(f[12]), long.Parse(f[17]),
            Numbers.ULong(f[19]), Numbers.ULong(f[20]), long.Parse(f[21]), int.Parse(f[1]), long.Parse(f[13]), long.Parse(f[14]));
    }

    /// <summary>The soft "Max open files" limit from <c>/proc/[pid]/limits</c>, or null when unlimited or absent.</summary>
    public static double? ParseMaxOpenFiles(string limits)
    {
        foreach (var line in Numbers.Lines(limits))
        {
            if (line.StartsWith("Max open files", StringComparison.Ordinal))
            {
                var f = Numbers.Fields(line["Max open files".Length..]);
                return f.Length > 0 && Numbers.TryULong(f[0], out var soft) ? soft : null;
            }
        }

        return null;
    }
}
