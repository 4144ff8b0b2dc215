using System.Globalization;
using System.Text.Json.Nodes;
using Appliance.Collectors;

namespace Appliance.Benchmarks;

/// <summary>One moment's cumulative figures (<see cref="ProcessCpuSampler"/>): CPU seconds so far, resident bytes now.</summary>
/// <param name="Appliance">Null once the appliance child has exited.</param>
/// <param name="Probe"><see cref="HostSpeedProbe"/>'s readings now; null where it cannot read.</param>
public sealed record ProcessCpuSnapshot(double Seconds, double HostBusy, double? Appliance, double Lab, double Postgres, long ApplianceRss, long LabRss, long PostgresRss, double Steal = 0, HostSpeed? Probe = null);

/// <summary>
/// One interval (about 1 s) ending <paramref name="Seconds"/> after the sampler started: CPU seconds each part used in it,
/// the host's busy CPU seconds and what is left of them (<paramref name="Other"/>), resident bytes at its end; the host's
/// steal seconds in it and <see cref="HostSpeedProbe"/>'s milliseconds at its end.
/// </summary>
public sealed record ProcessCpuReading(
    double Seconds, double Interval, double Appliance, double Lab, double Postgres, double Other, double HostBusy, long ApplianceRss, long LabRss, long PostgresRss)
{
    /// <summary>Seconds the hypervisor ran something else on this host's CPUs (/proc/stat's steal).</summary>
    public double Steal { get; init; }

    /// <summary>The probe's CPU milliseconds for its fixed integer chain: more is a slower core.</summary>
    public double? ComputeMs { get; init; }

    /// <summary>The probe's CPU milliseconds for its fixed memory walk: more is a colder cache or slower memory.</summary>
    public double? MemoryMs { get; init; }

    public static ProcessCpuReading Between(ProcessCpuSnapshot before, ProcessCpuSnapshot after)
    {
        // A group whose processes end (the lab killed at the run's end) drops to zero: nothing of it ran, not negative CPU.
        var appliance = Math.Max(0, (after.Appliance ?? 0) - (before.Appliance ?? 0));
        var lab = Math.Max(0, after.Lab - before.Lab);
        var postgres = Math.Max(0, after.Postgres - before.Postgres);
        var busy = after.HostBusy - before.HostBusy;
        return new ProcessCpuReading(after.Seconds, after.Seconds - before.Seconds, appliance, lab, postgres, busy - appliance - lab - postgres, busy,
            after.ApplianceRss, after.LabRss, after.PostgresRss)
        {
            Steal = Math.Max(0, after.Steal - before.Steal),
            ComputeMs = after.Probe?.ComputeMs,
            MemoryMs = after.Probe?.MemoryMs,
        };
    }
}

/// <summary>A run's CPU by process: totals, CPU ms a row and cores per part, for the whole run and each half of it by time.</summary>
public static class ProcessCpuSummary
{
    /// <summary>The readings whose middle lies in the first half of the sampled time, then the rest.</summary>
    public static (IReadOnlyList<ProcessCpuReading> First, IReadOnlyList<ProcessCpuReading> Second) Halves(IReadOnlyList<ProcessCpuReading> readings)
    {
        if (readings.Count == 0)
        {
            return ([], []);
        }

        var middle = HalfTime(readings);
        return ([.. readings.Where(r => r.Seconds - r.Interval / 2 < middle)], [.. readings.Where(r => r.Seconds - r.Interval / 2 >= middle)]);
    }

    /// <summary>The middle of the sampled time, on the sampler's clock.</summary>
    public static double HalfTime(IReadOnlyList<ProcessCpuReading> readings) => (readings[0].Seconds - readings[0].Interval + readings[^1].Seconds) / 2;

    /// <summary>
    /// Rows completed before and after <paramref name="split"/> (sampler's clock), from a run's completions on its own clock
    /// (seconds since the run started) and the sampler's time at which the run started.
    /// </summary>
    public static (long First, long Second) SplitRows(IEnumerable<(double RunSeconds, long Completed)> completions, double runStartedAt, double split)
    {
        long first = 0, second = 0;
        foreach (var (seconds, completed) in completions)
        {
            if (runStartedAt + seconds <= split)
            {
                first += completed;
            }
            else
            {
                second += completed;
            }
        }

        return (first, second);
    }

    /// <summary>CPU milliseconds a row; null without rows.</summary>
    public static double? MsPerRow(double cpuSeconds, long rows) => rows > 0 ? Math.Round(cpuSeconds * 1000 / rows, 3) : null;

    /// <summary>Figures for the whole run and its halves; the halves' rows come from <see cref="SplitRows"/> (null: unknown).</summary>
    public static JsonObject Summarize(IReadOnlyList<ProcessCpuReading> readings, long rows, (long First, long Second)? halfRows)
    {
        var (first, second) = Halves(readings);
        var summary = Span(readings, rows);
        summary["first_half"] = Span(first, halfRows?.First);
        summary["second_half"] = Span(second, halfRows?.Second);
        return summary;
    }

    /// <summary>One line: each part's CPU ms a row over the run and in each half, and the lab's and PostgreSQL's peak memory.</summary>
    public static string Line(string name, JsonObject summary)
    {
        string Part(string part) => string.Create(CultureInfo.InvariantCulture,
            $"{part} {Ms(summary, part)} ({Ms(summary["first_half"]!.AsObject(), part)} → {Ms(summary["second_half"]!.AsObject(), part)})");
        static string Ms(JsonObject span, string part) => span[part]?["ms_per_row"]?.GetValue<double>().ToString("0.00", CultureInfo.InvariantCulture) ?? "?";
        static string MiB(JsonNode? bytes) => bytes is null ? "?" : (bytes.GetValue<long>() / 1048576.0).ToString("0", CultureInfo.InvariantCulture);
        return $"CPU {name}: ms a row (first half → second half): {string.Join(", ", new[] { "host", "appliance", "lab", "postgres", "other" }.Select(Part))}; " +
            $"peak RSS MiB appliance {MiB(summary["appliance"]?["peak_rss_bytes"])}, lab {MiB(summary["lab"]?["peak_rss_bytes"])}, postgres {MiB(summary["postgres"]?["peak_rss_bytes"])}";
    }

    /// <summary>The median of the readings there are (the probe's, <see cref="HostSpeedProbe"/>); null without any.</summary>
    public static double? Median(IEnumerable<double?> readings)
    {
        var sorted = readings.OfType<double>().Order().ToList();
        return sorted.Count == 0 ? null : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static JsonObject Span(IReadOnlyList<ProcessCpuReading> readings, long? rows)
    {
        var seconds = readings.Sum(r => r.Interval);
        JsonObject Part(Func<ProcessCpuReading, double> cpu, Func<ProcessCpuReading, long>? rss = null)
        {
            var total = readings.Sum(cpu);
            var part = new JsonObject
            {
                ["cpu_seconds"] = Math.Round(total, 2),
                ["ms_per_row"] = rows is { } n ? MsPerRow(total, n) : null,
                ["cores"] = seconds > 0 ? Math.Round(total / seconds, 3) : null,
            };
            if (rss is not null)
            {
                part["peak_rss_bytes"] = readings.Select(rss).DefaultIfEmpty(0).Max();
            }

            return part;
        }

        return new JsonObject
        {
            ["seconds"] = Math.Round(seconds, 1),
            ["rows"] = rows,
            ["compute_ms"] = Median(readings.Select(r => r.ComputeMs)) is { } compute ? Math.Round(compute, 3) : null,
            ["memory_ms"] = Median(readings.Select(r => r.MemoryMs)) is { } memory ? Math.Round(memory, 3) : null,
            ["steal_cores"] = seconds > 0 ? Math.Round(readings.Sum(r => r.Steal) / seconds, 3) : null,
            ["host"] = Part(r => r.HostBusy),
            ["appliance"] = Part(r => r.Appliance, r => r.ApplianceRss),
            ["lab"] = Part(r => r.Lab, r => r.LabRss),
            ["postgres"] = Part(r => r.Postgres, r => r.PostgresRss),
            ["other"] = Part(r => r.Other),
        };
    }
}
