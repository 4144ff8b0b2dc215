using static Appliance.Reports.Report.ReportFormat;

namespace Appliance.Reports.Report;

public enum VerdictState { Saturated, Headroom, NotMeasured }

/// <summary>One resource's verdict over the stages' working window, with the figures it rests on.</summary>
public sealed record ResourceVerdict(string Resource, VerdictState State, string Evidence, string Window)
{
    public string StateText => State switch
    {
        VerdictState.Saturated => "saturated",
        VerdictState.Headroom => "headroom",
        _ => "not measured",
    };
}

/// <summary>
/// Saturated, headroom or not measured for CPU, memory, disk, network, the database and the LLM account, from the run's
/// one-second samples while scrape or generate was working (ingest's seconds-long burst would dilute nothing and prove
/// nothing). Thresholds follow the USE method (Gregg): utilisation near 100 % or tasks waiting (pressure stall
/// information, load per core) means saturated. A resource without a known ceiling is not called either way.
/// </summary>
public static class Verdicts
{
    public const double CpuBusy = 0.90;
    public const double PressureStalled = 0.25;
    public const double LoadPerCore = 1.5;
    public const double MemoryAvailableFloor = 0.10;
    public const double LimitShare = 0.90;

    public static IReadOnlyList<ResourceVerdict> From(ReportInput input)
    {
        var samples = input.Samples;
        var (from, to) = WorkingWindow(samples);
        var window = samples.Count == 0 ? "no samples" : Window(samples[from].SecondsSinceStart, samples[to].SecondsSinceStart, input.Run.StartedUtc);
        var busy = samples.Count == 0 ? [] : samples.Skip(from).Take(to - from + 1).ToList();
        return
        [
            Cpu(busy, input.Host.Cores, window),
            Memory(busy, input.Host.RamBytes, window),
            Disk(busy, window),
            Network(busy, window),
            Database(samples, busy, window),
            Llm(input, window),
        ];
    }

    /// <summary>From the first scrape or generate completion to the last; the whole run when neither completed anything.</summary>
    public static (int From, int To) WorkingWindow(IReadOnlyList<TelemetrySample> samples)
    {
        int? first = null, last = null;
        for (var i = 1; i < samples.Count; i++)
        {
            if (samples[i].ScrapeCompleted != samples[i - 1].ScrapeCompleted || samples[i].GenerateCompleted != samples[i - 1].GenerateCompleted)
            {
                first ??= i - 1;
                last = i;
            }
        }
        return first is null ? (0, Math.Max(0, samples.Count - 1)) : (first.Value, last!.Value);
    }

    static ResourceVerdict Cpu(IReadOnlyList<TelemetrySample> s, int cores, string window)
    {
        var idle = Mean(s, x => x.CpuIdle);
        if (idle is null)
            return new("CPU", VerdictState.NotMeasured, "CPU time by mode was not recorded.", window);
        var busy = 1 - idle.Value;
        var user = Mean(s, x => x.CpuUser);
        var psi = Mean(s, x => x.PsiCpuSome);
        var load = Mean(s, x => x.Load1 / Math.Max(1, cores));
        var process = Mean(s, x => x.ProcessCpuCores);
        var saturated = busy >= CpuBusy || psi >= PressureStalled || load >= LoadPerCore;
        var evidence = $"{Percent(busy)} busy on average" + (user is { } u ? $" ({Percent(u)} user)" : "") +
            (psi is { } p ? $"; some task waited for a CPU {Percent(p)} of the time" : "") +
            (load is { } l ? $"; load {Number(l)} per core" : "") +
            (process is { } c ? $"; the appliance used {Number(c)} of {cores} cores" : "") + ".";
        return new("CPU", saturated ? VerdictState.Saturated : VerdictState.Headroom, evidence, window);
    }

    static ResourceVerdict Memory(IReadOnlyList<TelemetrySample> s, long? ram, string window)
    {
        var lowest = s.Select(x => x.MemAvailableBytes).Where(v => v is not null).Select(v => v!.Value).DefaultIfEmpty(-1).Min();
        if (lowest < 0 || ram is not > 0)
            return new("Memory", VerdictState.NotMeasured, "Available memory (or the host's total) was not recorded.", window);
        var psi = Mean(s, x => x.PsiMemorySome);
        var rss = s.Select(x => x.ProcessRssBytes).Max();
        var floor = (double)lowest / ram.Value;
        var saturated = floor < MemoryAvailableFloor || psi >= PressureStalled;
        var evidence = $"at most {Percent(1 - floor)} in use ({Bytes(lowest)} of {Bytes(ram)} still available at the lowest)" +
            (psi is { } p ? $"; tasks waited for memory {Percent(p)} of the time" : "") +
            (rss is { } r ? $"; the appliance peaked at {Bytes(r)}" : "") + ".";
        return new("Memory", saturated ? VerdictState.Saturated : VerdictState.Headroom, evidence, window);
    }

    static ResourceVerdict Disk(IReadOnlyList<TelemetrySample> s, string window)
    {
        var iops = Mean(s, x => x.DiskIops);
        var some = Mean(s, x => x.PsiIoSome);
        if (iops is null && some is null)
            return new("Disk", VerdictState.NotMeasured, "Disk operations and I/O pressure were not recorded.", window);
        var full = Mean(s, x => x.PsiIoFull);
        var wait = Mean(s, x => x.DiskWaitMs);
        var saturated = some >= PressureStalled || full >= PressureStalled / 2;
        var evidence = (some is { } p ? $"some task waited for I/O {Percent(p)} of the time" : "I/O pressure not recorded") +
            (iops is { } i ? $"; {Number(i)} operations/s" : "") + (wait is { } w ? $" at {Number(w)} ms average wait" : "") + ".";
        return new("Disk", saturated ? VerdictState.Saturated : VerdictState.Headroom, evidence, window);
    }

    static ResourceVerdict Network(IReadOnlyList<TelemetrySample> s, string window)
    {
        var traffic = s.Select(x => x.NetRxBytesPerS + x.NetTxBytesPerS).Where(v => v is not null).Select(v => v!.Value).ToList();
        if (traffic.Count == 0)
            return new("Network", VerdictState.NotMeasured, "Network traffic was not recorded.", window);
        if (traffic.Max() <= 0)
            return new("Network", VerdictState.NotMeasured, "No traffic outside loopback: the websites and the LLM were on this host (the lab), and loopback is not counted.", window);
        return new("Network", VerdictState.NotMeasured,
            $"Traffic peaked at {BytesPerSecond(traffic.Max())} (mean {BytesPerSecond(traffic.Average())}); the link's speed is not known, so this is not a share of its capacity.", window);
    }

    /// <summary>
    /// Rows written a second while the stages worked, against the most the database wrote in one second of the run
    /// (usually ingest's COPY): a rate it demonstrated, so a lower bound of what it can do.
    /// </summary>
    static ResourceVerdict Database(IReadOnlyList<TelemetrySample> all, IReadOnlyList<TelemetrySample> s, string window)
    {
        var peak = PerSecond(all).DefaultIfEmpty(-1).Max();
        var working = PerSecond(s).ToList();
        if (peak <= 0 || working.Count == 0)
            return new("Database", VerdictState.NotMeasured, "The database's counters (rows written, commits) were not recorded with this run's samples.", window);
        var mean = working.Average();
        var saturated = mean >= LimitShare * peak;
        return new("Database", saturated ? VerdictState.Saturated : VerdictState.Headroom,
            $"the stages wrote {Number(mean)} rows/s on average; the database wrote {Number(peak)} rows/s in its busiest second of the run.", window);
    }

    static IEnumerable<double> PerSecond(IReadOnlyList<TelemetrySample> s)
    {
        for (var i = 1; i < s.Count; i++)
        {
            if (s[i].DbRowsWritten is { } now && s[i - 1].DbRowsWritten is { } then && s[i].SecondsSinceStart > s[i - 1].SecondsSinceStart)
                yield return Math.Max(0, now - then) / (s[i].SecondsSinceStart - s[i - 1].SecondsSinceStart);
        }
    }

    static ResourceVerdict Llm(ReportInput input, string window)
    {
        const string name = "LLM account";
        var generator = input.Run.Generator ?? "";
        if (!generator.StartsWith("llm", StringComparison.Ordinal) || input.Llm is not { } llm)
            return new(name, VerdictState.NotMeasured, $"No LLM was called: the messages came from the {(generator.Length == 0 ? "recorded" : generator)} generator.", window);
        if (llm.RateLimitedCalls is > 0)
            return new(name, VerdictState.Saturated, $"the provider refused {Count(llm.RateLimitedCalls)} calls with 429 (rate limited).", window);
        var perMinute = input.Stages.FirstOrDefault(x => x.Name == "generate")?.RowsPerMinute;
        var shares = new List<(double Share, string Text)>();
        if (perMinute is { } m && llm.RequestsPerMinute > 0)
            shares.Add((m / llm.RequestsPerMinute, $"{Number(m)} of {Count(llm.RequestsPerMinute)} requests/min"));
        if (perMinute is { } t && llm.TokensPerMinute > 0 && llm.TokensPerMessage > 0)
            shares.Add((t * llm.TokensPerMessage / llm.TokensPerMinute, $"{Number(t * llm.TokensPerMessage)} of {Count(llm.TokensPerMinute)} tokens/min"));
        if (shares.Count == 0)
            return new(name, VerdictState.NotMeasured, "No rate limit was configured (Llm:RequestsPerMinute, Llm:TokensPerMinute) or read from the provider, so its share of the account is not known." +
                (input.Run.UsesLabLlm ? " The LLM was the lab's simulation." : ""), window);
        var top = shares.MaxBy(x => x.Share);
        return new(name, top.Share >= LimitShare ? VerdictState.Saturated : VerdictState.Headroom,
            $"generate used {string.Join(" and ", shares.Select(x => x.Text))} ({Percent(top.Share)} of the tighter limit).", window);
    }

    static double? Mean(IReadOnlyList<TelemetrySample> s, Func<TelemetrySample, double?> value)
    {
        var present = s.Select(value).Where(v => v is { } x && double.IsFinite(x)).Select(v => v!.Value).ToList();
        return present.Count == 0 ? null : present.Average();
    }
}
