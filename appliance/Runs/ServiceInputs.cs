using System.Globalization;
using Appliance.Reports.Capacity;

namespace Appliance.Runs;

/// <summary>
/// Maps what a stored run measured per item onto the capacity model's <see cref="ServiceMeasurements"/>: the fetch-time
/// distribution (the latency histogram, timeouts at their own mean) and the messages', each stage's 1 s samples (in
/// flight: the stage's own gauge where recorded, else the two stages' sum split at scrape's limit), CPU-seconds a row over
/// scrape's steady window (the host's, less what was busy before the run; the process's in older runs), the start's ramp
/// beyond the steady rate, the database's demonstrated write rate, the LLM limits of the run and the dispatch delay.
/// </summary>
public static class ServiceInputs
{
    public static ServiceMeasurements? From(RunRecord run, RunSummary s, IReadOnlyList<RunSample> samples, RateEstimate scrapeRate, DatabaseLoad? database)
    {
        if (s.Scrape.Latency is not { Histogram.Count: > 0 } latency || s.Shape.DistinctUrls < 1)
        {
            return null;
        }

        var scrapeLimit = Math.Max(1, s.Resources.ScrapeConcurrency);
        var scrape = new List<StageSample>();
        var generate = new List<StageSample>();
        double previous = 0;
        foreach (var x in samples)
        {
            var interval = Math.Max(0, x.Seconds - previous);
            previous = x.Seconds;
            var scrapeInFlight = x.ScrapeInFlight ?? Math.Min(scrapeLimit, x.InFlight);
            var generateInFlight = x.GenerateInFlight ?? Math.Max(0, x.InFlight - scrapeInFlight);
            scrape.Add(new StageSample(x.Seconds, interval, x.Scrape, scrapeInFlight, x.Cpu));
            generate.Add(new StageSample(x.Seconds, interval, x.Generate, generateInFlight, x.Cpu));
        }

        var scrapeService = ServiceTimes.FromHistogram(latency.Histogram.Select(b => (b.UpperSeconds, b.Count)), s.Shape.SlowFailures, s.Shape.SlowFailureMeanSeconds);
        var generateService = s.Generate.Latency is { Histogram.Count: > 0 } g ? ServiceTimes.FromHistogram(g.Histogram.Select(b => (b.UpperSeconds, b.Count))) : null;
        var messages = Math.Max(1, s.Generate.Outcomes.GetValueOrDefault("done"));
        // The host's busy share is of all its CPUs; a run pinned to fewer (taskset) is taken to meet other work on the CPUs it
        // may not use first (they stay as busy as before the run: that part of the host's busy CPU is not the pipeline's),
        // so only the background beyond those takes from its own. On a contended host the others yield CPU once the run
        // starts, so the background read before it is capped by what was left beside the appliance's own CPU in the window.
        var cores = run.Host.LogicalCpus > 0 ? run.Host.LogicalCpus : Environment.ProcessorCount;
        var usable = Math.Min(cores, s.Resources.UsableCpus ?? cores);
        var read = s.Resources.BackgroundCpuCores ?? 0;
        var elsewhere = Math.Clamp(read, 0, cores - usable);
        var background = Math.Clamp(read - elsewhere, 0, usable);
        var host = HostWindow(samples, scrapeRate, cores, scrapeLimit);
        double cpuPerRow, cpuDrift = 0;
        string cpuBasis;
        if (host is { } w)
        {
            var before = background;
            background = Math.Clamp(Math.Min(background, w.BusyCores - elsewhere - w.ProcessCores), 0, usable);
            cpuPerRow = Math.Max(0, w.BusyCores - elsewhere - background) / w.RowsPerSecond;
            var earlier = w.EarlierRowsPerSecond > 0 ? Math.Max(0, w.EarlierBusyCores - elsewhere - background) / w.EarlierRowsPerSecond : cpuPerRow;
            cpuDrift = cpuPerRow > 0 ? Math.Abs(cpuPerRow - earlier) / cpuPerRow : 0;
            cpuBasis = F($"the host's busy CPU over the later half of scrape's steady window ({w.BusyCores:0.##} cores) — the appliance ({w.ProcessCores:0.##}), PostgreSQL and the lab when local — less {background:0.##} cores of other work")
                + (background < before - 0.005 ? F($" (read as {before:0.##} before the run; others yielded to it)") : " (read before the run)")
                + (elsewhere > 0.005 ? F($" and {elsewhere:0.##} on the {cores - usable:0} CPUs the run could not use") : "");
        }
        else
        {
            cpuPerRow = CpuPerRow(scrape, scrapeRate, s);
            cpuBasis = "the appliance's process CPU (the run recorded no host CPU: PostgreSQL's and the lab's are not priced)";
        }

        var dispatch = Dispatch(scrape, s.Ingest.EndSeconds);
        var (drainSeconds, drainSlots) = ObservedDrain(scrape);
        return new ServiceMeasurements(scrapeService, generateService, scrape, generate)
        {
            CpuSecondsPerRow = cpuPerRow,
            CpuBasis = cpuBasis,
            CpuDrift = cpuDrift,
            BackgroundCores = background,
            UsableCpuShare = host is not null ? ServiceMeasurements.HostUsableShare : ServiceMeasurements.ProcessUsableShare,
            RampSeconds = Ramp(scrapeRate, s.Ingest.EndSeconds + dispatch),
            DatabaseRowsPerSecond = database?.PeakRowsWrittenPerSecond ?? 0,
            DatabaseRowsWrittenPerRow = database?.RowsWrittenPerRow ?? 0,
            Llm = (run.Configuration.LlmRequestsPerMinute ?? 0) is var rpm && (run.Configuration.LlmTokensPerMinute ?? 0) is var tpm && (rpm > 0 || tpm > 0)
                ? new LlmLimits(rpm, tpm, (double)(s.Resources.PromptTokens + s.Resources.CompletionTokens) / messages)
                : null,
            DispatchSeconds = dispatch,
            ObservedDrainSeconds = drainSeconds,
            ObservedDrainSlots = drainSlots,
            HostSpeed = HostSpeedOf(samples),
        };
    }

    /// <summary>How fast the host ran these samples, by the probe readings they carry (<see cref="HostSpeedSummary"/>); null without any.</summary>
    public static HostSpeedSummary? HostSpeedOf(IEnumerable<RunSample> samples) =>
        HostSpeedSummary.From([.. samples.Where(x => x.ComputeMs is not null && x.MemoryMs is not null).Select(x => (x.Seconds, x.ComputeMs!.Value, x.MemoryMs!.Value))]);

    /// <summary>
    /// Over the later half of scrape's steady window (by rows): the host's mean busy cores (busy share × cores), the appliance's mean cores and the rows
    /// a second finished; the same busy cores and rows over the earlier half (how far the CPU a row still moved); null when the samples carry no
    /// host CPU (older fixtures) or there is no window. Only the seconds that held the window's slots count (<see cref="HeldShare"/>).
    /// </summary>
    private static (double BusyCores, double ProcessCores, double RowsPerSecond, double EarlierBusyCores, double EarlierRowsPerSecond)? HostWindow(
        IReadOnlyList<RunSample> samples, RateEstimate window, double cores, long limit)
    {
        if (!window.HasValue)
        {
            return null;
        }

        // A fetch spends its CPU over its life (connection, TLS and request at the start, parse at the end). Once the queue
        // is empty no fetch starts, and the seconds that only finish fetches cost less CPU a row: a 5,000-row sample's
        // steady window reaches into that decline (in flight 331 of 512 in its last seconds, 3.7 ms a row against 4.5–5.0
        // in the seconds before), and the CPU a row it read was 17 % under the 30,000-row run's. Only the seconds in which
        // scrape held about as many slots as it ever held in the window count.
        long InFlight(RunSample x) => x.ScrapeInFlight ?? Math.Min(limit, x.InFlight);
        bool Open(RunSample x) => x.Seconds > window.WindowStartSeconds && x.Seconds <= window.WindowEndSeconds;
        var held = samples.Where(Open).Select(InFlight).DefaultIfEmpty(0).Max() * HeldShare;
        bool Counts(RunSample x) => Open(x) && InFlight(x) >= held;

        // The window's later half only: the CPU a row falls through a run's start (JIT and tiering, connections, caches
        // warming: the appliance's CPU a row was 11 ms in the first quarter of a 12,000-row run and 3.5 ms from the
        // second on), and a small sample's first half is still paying for it.
        var inWindow = samples.Where(Counts).Sum(x => x.Scrape);
        double previous = 0, busy = 0, process = 0, seconds = 0, seen = 0, earlierBusy = 0, earlierSeconds = 0;
        long rows = 0, earlierRows = 0;
        foreach (var x in samples)
        {
            var interval = Math.Max(0, x.Seconds - previous);
            previous = x.Seconds;
            if (Counts(x))
            {
                if (x.HostBusy is not { } share)
                {
                    return null;
                }

                seen += x.Scrape;
                if (seen <= inWindow / 2.0)
                {
                    earlierBusy += share * cores * interval;
                    earlierSeconds += interval;
                    earlierRows += x.Scrape;
                    continue;
                }

                busy += share * cores * interval;
                process += (x.Cpu ?? 0) * interval;
                seconds += interval;
                rows += x.Scrape;
            }
        }

        return rows > 0 && seconds > 0 && busy > 0
            ? (busy / seconds, process / seconds, rows / seconds, earlierSeconds > 0 ? earlierBusy / earlierSeconds : 0, earlierSeconds > 0 ? earlierRows / earlierSeconds : 0)
            : null;
    }

    /// <summary>The share of the window's most slots held that a second must hold to count towards the CPU a row.</summary>
    internal const double HeldShare = 0.9;

    /// <summary>
    /// The start's cost beyond the steady rate: seconds from the first item taken to the window's start, less the items
    /// finished by then at the window's rate; 0 without a window.
    /// </summary>
    private static double Ramp(RateEstimate window, double firstTaken)
    {
        if (!window.HasValue || !(window.PerSecond > 0))
        {
            return 0;
        }

        var before = window.CompletedBeforeWindow;
        var span = Math.Max(0, window.WindowStartSeconds - firstTaken);
        return Math.Clamp(span - (before / window.PerSecond), 0, span);
    }

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// CPU-seconds a row: the process's CPU over scrape's steady window ÷ the rows finished in it (both stages run there,
    /// so it is the pipeline's cost a row, warm-up excluded); over the whole run when there is no window.
    /// </summary>
    private static double CpuPerRow(IReadOnlyList<StageSample> samples, RateEstimate window, RunSummary s)
    {
        if (window.HasValue)
        {
            var inWindow = samples.Where(x => x.Seconds > window.WindowStartSeconds && x.Seconds <= window.WindowEndSeconds && x.CpuCores is not null).ToList();
            var rows = inWindow.Sum(x => x.Completed);
            if (rows > 0)
            {
                return inWindow.Sum(x => x.CpuCores!.Value * x.IntervalSeconds) / rows;
            }
        }

        return s.Rows > 0 ? s.Resources.CpuSeconds / s.Rows : 0;
    }

    /// <summary>
    /// Scrape's own drain in the sample: from the end of its last second holding ≥ <see cref="HeldShare"/> of the most slots
    /// it ever held (the queue empties within the next second) to the end of its last second with a completion, and that
    /// many slots; (0, 0) when it never held more than one or finished nothing after.
    /// </summary>
    internal static (double Seconds, double Slots) ObservedDrain(IReadOnlyList<StageSample> samples)
    {
        var list = samples.ToList();
        var held = list.Select(x => x.InFlight).DefaultIfEmpty(0).Max() * HeldShare;
        var lastHeld = list.FindLastIndex(x => x.InFlight >= held);
        var lastDone = list.FindLastIndex(x => x.Completed > 0);
        return held > HeldShare && lastHeld >= 0 && lastDone > lastHeld
            ? (list[lastDone].Seconds - list[lastHeld].Seconds, list.Take(lastHeld + 1).Where(x => x.InFlight >= held).Average(x => x.InFlight))
            : (0, 0);
    }

    /// <summary>From the end of ingest to the last sample before scrape had anything in flight.</summary>
    private static double Dispatch(IReadOnlyList<StageSample> samples, double ingestEnd)
    {
        var first = samples.ToList().FindIndex(x => x.InFlight > 0 || x.Completed > 0);
        return first <= 0 ? 0 : Math.Max(0, samples[first - 1].Seconds - ingestEnd);
    }

}
