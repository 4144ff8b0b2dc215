using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;

namespace Appliance.Cli;

/// <summary>What this process cost, for the <c>--json</c> output of long-running verbs (the benchmarks read it).</summary>
public static class ProcessStats
{
    /// <summary>VmHWM from /proc/self/status: the most resident memory this process has used.</summary>
    public static long? PeakRssBytes()
    {
        try
        {
            var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return line is null ? null : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>
    /// Adds <c>peak_rss_bytes</c>, <c>cpu_seconds</c>, <c>malloc_arenas</c> (glibc's, null elsewhere) and the GC's own figures
    /// at the end (<c>gc</c>: memory committed, heap and fragmentation after the last GC, heaps, GCs by generation) to a result object.
    /// </summary>
    public static JsonObject WithCost(JsonObject result)
    {
        result["peak_rss_bytes"] = PeakRssBytes();
        result["malloc_arenas"] = MallocArenas.Count();
        var gc = GC.GetGCMemoryInfo();
        result["gc"] = new JsonObject
        {
            ["committed_bytes"] = gc.TotalCommittedBytes,
            ["heap_bytes"] = gc.HeapSizeBytes,
            ["fragmented_bytes"] = gc.FragmentedBytes,
            ["heaps"] = GC.GetConfigurationVariables().TryGetValue("HeapCount", out var heaps) ? JsonValue.Create(Convert.ToInt64(heaps, CultureInfo.InvariantCulture)) : null,
            ["collections"] = new JsonArray(GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)),
            ["allocated_bytes"] = GC.GetTotalAllocatedBytes(),
        };
        result["cpu_seconds"] = Math.Round(Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds, 3);
        return result;
    }
}
