using System.Globalization;

namespace Appliance.Reports.Capacity;

/// <summary>
/// The projection from per-item measurements (<see cref="RunMeasurements.Service"/>): each stage's capacity from the
/// operational laws (<see cref="CapacityLaws"/>), the bottleneck the slowest stage that does not trail, and the fill
/// and drain measured or taken from the service-time distributions rather than carried over from the sample:
/// <code>
/// T(N) = ingest(N) + fill + max(S, G) + (1 − overlap) × min(S, G) + drain
/// S = fetches ÷ scrape capacity, G = messages ÷ generate capacity
/// scrape capacity = min(L ÷ (Z + d), U × (C − B) ÷ D × fetches a row, politeness, database), × the knee factor
///                   MVA(L, Z, d, U × (C − B)) ÷ min(L ÷ (Z + d), U × (C − B) ÷ d)
/// fill = dispatch + the sample's ramp beyond its steady rate (+ the first hand-off when generate binds)
/// drain = max(E[max residual of the L fetches in flight], the sample's own drain) − L ÷ X (when scrape binds: the tail beyond the steady rate) + generate's own
/// </code>
/// L the usable slots, Z the network part of a fetch (<see cref="FetchSplit"/>: the delay at which the closed loop gives the
/// sample's own rate at its own in flight and cores — not the mean fetch, which also holds the wait for the CPU), D the CPU-seconds a row of everything on the cores for the pipeline (d = D ÷ fetches a row), C the cores,
/// B the cores other work kept busy before the run (taken to persist), U the usable share of the cores
/// (<see cref="ServiceMeasurements.UsableCpuShare"/>).
/// The 90% interval moves the bottleneck's capacity across its window's bootstrap interval and the run-to-run variation
/// (and, where the cores bind scrape, how far the CPU a row moved between the window's halves, <see cref="ServiceMeasurements.CpuDrift"/>;
/// and what the host's speed moving by <see cref="ProjectionInput.HostSpeedSpread"/> moves the capacity by) —
/// widened by √(needed ÷ held seconds) when the sample never held its in-flight limit long enough
/// (<see cref="SteadyState"/>), and by its square towards a faster rate; reaching both ends of Z's range where a CPU-saturated
/// sample could not split its fetch time — plus half a timeout either way when fetches time out.
/// </summary>
public static class OperationalProjector
{

    /// <summary>The widest relative spread of the bottleneck's capacity: × or ÷ 2.</summary>
    public const double MaxSpread = 1;

    /// <summary>Without a steady state, the capacity may be up to this much higher: × 5.</summary>
    public const double MaxUnsteadySpread = 4;

    /// <summary>A sample whose own steady rate is below this share of the laws' capacity for it was bound by something unmeasured.</summary>
    public const double ShortfallShare = 0.8;

    /// <summary>Background CPU above this many cores makes the persistence assumption matter: the interval reaches the quiet host's rate.</summary>
    public const double BusyBackgroundCores = 0.25;

    /// <summary>However busy the host was before the run, the pipeline is taken to get at least this share of its cores.</summary>
    public const double MinimumAvailableShare = 0.1;

    public static ProjectionResult Project(ProjectionInput input, long rows)
    {
        var run = input.Run;
        var svc = run.Service ?? throw new ProjectionException("Cannot project by the operational laws: the run has no per-item measurements.");
        if (rows < 1 || run.Rows < 1 || !(run.IngestSeconds >= 0))
        {
            throw new ProjectionException("Cannot project: the run needs rows and its ingest time, and the target at least one row.");
        }

        run.Mix.Validate();
        var s = input.WhatIf;
        s.Target?.Validate();
        var notes = new List<string>();
        var mix = s.Target ?? run.Mix;
        var hosts = s.Hosts ?? run.Hosts;
        var cores = s.Cores ?? run.Cores;
        var mpr = run.Generate.ItemsPerRow;

        // Scrape: a closed loop of N slots, each fetch Z seconds away from the CPU (the network) and D CPU-seconds on the
        // cores left to the pipeline. Z is not the mean fetch: a fetch's measured time also holds its wait for the CPU
        // (4.17 s a fetch on one core against 1.9 s on two, the same lab). It is the delay at which the closed loop gives
        // the sample's own steady rate at its own in flight and cores (CapacityLaws.DelayFor), so at the sample's settings
        // the laws reproduce its rate, and another core count moves only the CPU's part.
        var measuredLimit = Usable(run.Scrape.Concurrency, run.Mix, run.Hosts);
        var limit = Usable(s.ScrapeConcurrency ?? run.Scrape.Concurrency, mix, hosts);
        var sampleMean = run.Mix.Failures.MeanSeconds > 0 ? run.Mix.Failures.MeanSeconds : svc.Scrape.Mean;
        var available = Math.Max(MinimumAvailableShare * cores, cores - svc.BackgroundCores);
        var cpuPerFetch = mix.FetchesPerRow > 0 ? svc.CpuSecondsPerRow / mix.FetchesPerRow : 0;
        var sampled = SteadyState.Detect(svc.ScrapeSamples, measuredLimit, run.Scrape.Rate, run.Mix.FetchesPerRow, 0, 0);
        var split = FetchSplit.From(run, svc, sampled, measuredLimit, sampleMean, MinimumAvailableShare);
        notes.Add(split.Note);
        // A what-if failure mix moves the network part by the difference in mean fetch (timeouts and failures are network).
        var fetchMean = Math.Max(0, split.Delay + (mix.Failures.MeanSeconds > 0 ? mix.Failures.MeanSeconds - sampleMean : 0));
        var inFlight = CapacityLaws.Little(limit, fetchMean + cpuPerFetch);
        var cpu = CapacityLaws.Utilization(available, svc.CpuSecondsPerRow, svc.UsableCpuShare);
        var loop = CapacityLaws.ClosedLoop(limit, fetchMean, cpuPerFetch, svc.UsableCpuShare * available);
        var knee = Math.Min(1, loop / Math.Min(inFlight, cpu * mix.FetchesPerRow));
        if (!(knee > 0) || double.IsNaN(knee))
        {
            knee = 1;
        }

        var inFlightBasis = F($"{limit:0} in flight ÷ ({fetchMean:0.00} s a fetch away from the CPU (the network: {split.Basis}) + {cpuPerFetch * 1000:0.00} ms CPU) (Little)");
        var cpuBasis = F($"{svc.UsableCpuShare:P0} of {available:0.##} cores ({cores:0.#} less {Math.Max(0, cores - available):0.##} busy with other work before the run, taken to persist) ÷ {svc.CpuSecondsPerRow * 1000:0.00} ms CPU a row ({svc.CpuBasis}; both stages share it)");
        var kneeBasis = knee < 0.995 ? F($"; × {knee:0.00} near the knee (closed-loop mean-value analysis: {loop:0.#} fetches/s)") : "";
        var scrapeBounds = new List<CapacityBound>
        {
            Bound(CapacityLimit.InFlight, inFlight * knee, mix.FetchesPerRow, inFlightBasis + kneeBasis),
            Bound(CapacityLimit.HostPoliteness, CapacityLaws.HostPoliteness(mix.LargestHostShare, fetchMean, hosts.MaxConnectionsPerHost, hosts.PerHostDelaySeconds), mix.FetchesPerRow,
                F($"the busiest host has {mix.LargestHostShare:P1} of fetches, {hosts.MaxConnectionsPerHost} at a time, {fetchMean:0.00} s each, {hosts.PerHostDelaySeconds:0.##} s apart")),
        };

        // Generate: Little over the LLM's latency, the account's limits.
        var generateLimit = s.GenerateConcurrency ?? run.Generate.Concurrency;
        var latency = run.Generate.MeanItemSeconds > 0 ? run.Generate.MeanItemSeconds : svc.Generate?.Mean ?? 0;
        var llm = s.Llm ?? svc.Llm;
        var generateBounds = new List<CapacityBound>
        {
            Bound(CapacityLimit.InFlight, CapacityLaws.Little(generateLimit, latency), mpr, F($"{generateLimit:0} in flight ÷ {latency:0.000} s a message")),
        };
        if (llm is not null)
        {
            generateBounds.Add(Bound(CapacityLimit.LlmRpm, CapacityLaws.RequestsPerMinute(llm.RequestsPerMinute), mpr, F($"{llm.RequestsPerMinute} requests/min at the pacer's {LlmLimits.PacerShare:P0}")));
            generateBounds.Add(Bound(CapacityLimit.LlmTpm, CapacityLaws.TokensPerMinute(llm.TokensPerMinute, llm.TokensPerMessage), mpr,
                F($"{llm.TokensPerMinute} tokens/min ÷ {llm.TokensPerMessage:0} tokens a message")));
        }

        // Shared by both stages: the cores and the database, both in rows a second; scrape's CPU bound also carries the knee.
        var database = CapacityLaws.Database(svc.DatabaseRowsPerSecond, svc.DatabaseRowsWrittenPerRow);
        var databaseBasis = F($"{svc.DatabaseRowsPerSecond:N0} rows written/s demonstrated ÷ {svc.DatabaseRowsWrittenPerRow:0.##} a row");
        foreach (var (bounds, perRow, factor, extra) in new[] { (scrapeBounds, mix.FetchesPerRow, knee, kneeBasis), (generateBounds, mpr, 1.0, "") })
        {
            bounds.Add(new CapacityBound(CapacityLimit.Cpu, cpu * factor * perRow, cpu * factor, cpuBasis + extra));
            bounds.Add(new CapacityBound(CapacityLimit.Database, database * perRow, database, databaseBasis));
        }

        var stages = CapacityLaws.Pipeline([("scrape", mix.FetchesPerRow, Finite(scrapeBounds)), ("generate", mpr, Finite(generateBounds))]);
        var bottleneck = CapacityLaws.Bottleneck(stages);
        var (scrape, generate) = (stages[0], stages[1]);
        if (double.IsInfinity(scrape.RowsPerSecond))
        {
            throw new ProjectionException("Cannot project: nothing bounds scrape (no slot time, CPU or database figures).");
        }

        // Steady state of the bottleneck as sampled.
        var steady = bottleneck.Stage == "scrape"
            ? SteadyState.Detect(svc.ScrapeSamples, measuredLimit, run.Scrape.Rate, run.Mix.FetchesPerRow, bottleneck.RowsPerSecond, run.Mix.Failures.SlowShare * run.Mix.FetchesPerRow,
                run.Mix.Failures.MeanSeconds > 0 ? run.Mix.Failures.MeanSeconds : svc.Scrape.Mean)
            : SteadyState.Detect(svc.GenerateSamples, run.Generate.Concurrency, run.Generate.Rate, mpr, bottleneck.RowsPerSecond, 0, latency);
        var rate = bottleneck.Stage == "scrape" ? run.Scrape.Rate : run.Generate.Rate;
        // Where the cores bind scrape, its capacity is the cores ÷ the CPU a row, which a short sample may not have settled:
        // how far it moved between the steady window's halves is a measured uncertainty of the capacity.
        var cpuDrift = bottleneck == scrape && scrape.Limit == CapacityLimit.Cpu ? Math.Min(MaxSpread, svc.CpuDrift) : 0;
        var u = Math.Sqrt(Math.Pow(rate.HasValue ? rate.RelativeHalfWidth : 0.5, 2) + Math.Pow(input.RunToRunVariation, 2) + Math.Pow(cpuDrift, 2));
        var widen = steady.Reached ? 1 : Math.Min(3, Math.Sqrt(steady.NeededSeconds / Math.Max(1, steady.HeldSeconds)));

        // The capacity moves by a factor of (1 + u) either way: symmetric in log, so a wide interval never reaches a zero rate.
        // A sample that never reached a steady state was ramping up and draining for much of its window, so its slot times
        // lean long: its capacity may be several times higher (measured here: 2,000-row samples ran 1.8–4× slower than
        // the 12,000-row runs they projected, docs/benchmarks.md), while a lower one is as likely as in a steady sample.
        var slower = Math.Min(MaxSpread, u * widen);
        var faster = steady.Reached ? slower : Math.Min(MaxUnsteadySpread, u * widen * widen);

        // The host's own speed moves between a sample and the run it projects (phases in which the same work costs more
        // CPU in every process at once): the bottleneck's capacity moves by what the CPU a row moving by the spread moves
        // it — fully where the cores bind, partly near the knee, not at all where slots wait on a network or an LLM.
        var spread = input.HostSpeedSpread;
        // Scrape's bounds outside the closed loop (politeness, the database): what caps it whatever the slots and cores do.
        var beyondLoop = scrape.Bounds.Where(b => b.Limit != CapacityLimit.Cpu && b.Limit != CapacityLimit.InFlight).Select(b => b.RowsPerSecond).DefaultIfEmpty(double.PositiveInfinity).Min();
        var cpuCores = svc.UsableCpuShare * available;
        double CapacityAt(double cpuFactor) => bottleneck == scrape
            ? Math.Min(CapacityLaws.ClosedLoop(limit, fetchMean, cpuPerFetch * cpuFactor, cpuCores) / Math.Max(1e-9, mix.FetchesPerRow),
                beyondLoop)
            : Math.Min(cpu / cpuFactor, generate.Bounds.Where(b => b.Limit != CapacityLimit.Cpu).Select(b => b.RowsPerSecond).DefaultIfEmpty(double.PositiveInfinity).Min());
        var hostSlower = Math.Max(0, (CapacityAt(1) / CapacityAt(1 + spread.Slower)) - 1);
        var hostFaster = Math.Max(0, (CapacityAt(Math.Max(0.05, 1 - spread.Faster)) / CapacityAt(1)) - 1);
        if (!double.IsFinite(hostSlower) || !double.IsFinite(hostFaster))
        {
            (hostSlower, hostFaster) = (0, 0);
        }

        slower = Math.Min(MaxSpread, Math.Sqrt((slower * slower) + (hostSlower * hostSlower)));
        faster = Math.Min(steady.Reached ? MaxSpread : MaxUnsteadySpread, Math.Sqrt((faster * faster) + (hostFaster * hostFaster)));

        // Slots that bind only a little below the cores' ceiling hand the limit to the cores on a host that runs the same
        // rows with that much more CPU — within the spread above, the run may well be bound by its CPU instead.
        var cpuHeadroom = ((bottleneck.Bounds.FirstOrDefault(b => b.Limit == CapacityLimit.Cpu)?.RowsPerSecond ?? double.PositiveInfinity) / bottleneck.RowsPerSecond) - 1;
        if (bottleneck.Limit == CapacityLimit.InFlight && cpuHeadroom > 0 && cpuHeadroom < spread.Slower)
        {
            notes.Add(F($"{bottleneck.Stage}'s slots bind {cpuHeadroom:P0} below the cores' ceiling: where the same rows cost {cpuHeadroom:P0} more CPU (this host's speed moves by up to +{spread.Slower:P0}), the cores bind instead, at much the same time"));
        }

        // The laws checked against the sample itself: a sample whose steady rate fell well short of what the laws give for
        // its own settings was bound by something the run did not measure (other work on the host that came after the
        // background was read, a slow disk, a lab starved of CPU). Whether that persists is unknown, so the interval's
        // slow end reaches the sample's own rate.
        var sampleRate = run.Scrape.Rate.HasValue ? run.Scrape.Rate.PerSecond : 0;
        var sampleCapacity = Math.Min(
            CapacityLaws.ClosedLoop(split.InFlight, split.Delay, run.Mix.FetchesPerRow > 0 ? svc.CpuSecondsPerRow / run.Mix.FetchesPerRow : 0,
                svc.UsableCpuShare * Math.Max(MinimumAvailableShare * run.Cores, run.Cores - svc.BackgroundCores)) / Math.Max(1e-9, run.Mix.FetchesPerRow),
            Math.Min(database, CapacityLaws.HostPoliteness(run.Mix.LargestHostShare, run.Mix.Failures.MeanSeconds, run.Hosts.MaxConnectionsPerHost, run.Hosts.PerHostDelaySeconds) / Math.Max(1e-9, run.Mix.FetchesPerRow)));
        var shortfall = bottleneck == scrape && sampleRate > 0 && double.IsFinite(sampleCapacity) ? sampleRate / sampleCapacity : 1;
        // Other work on the cores before the run is taken to persist; if it goes away the run has them all. Read on a busy
        // host, the interval's fast end reaches that.
        if (svc.BackgroundCores > BusyBackgroundCores && bottleneck == scrape && scrape.Limit == CapacityLimit.Cpu)
        {
            var quiet = Math.Min(CapacityLaws.ClosedLoop(limit, fetchMean, cpuPerFetch, svc.UsableCpuShare * cores) / Math.Max(1e-9, mix.FetchesPerRow),
                beyondLoop);
            var up = Math.Min(MaxUnsteadySpread, (quiet / scrape.RowsPerSecond) - 1);
            if (up > faster)
            {
                faster = up;
                notes.Add(F($"{svc.BackgroundCores:0.##} of {cores:0.#} cores were busy with other work before the run, taken to persist; without it scrape could do {quiet:0.#} rows/s, so the interval's low end reaches that"));
            }
        }

        // A CPU-saturated sample leaves the network part of a fetch between 0 and its mean fetch: where another core count
        // or concurrency makes that matter, the interval reaches both ends.
        if (!split.Resolved && bottleneck == scrape)
        {
            double ScrapeRows(double delay) => Math.Min(CapacityLaws.ClosedLoop(limit, Math.Max(0, delay + fetchMean - split.Delay), cpuPerFetch, svc.UsableCpuShare * available) / Math.Max(1e-9, mix.FetchesPerRow),
                beyondLoop);
            var (fast, slow) = (ScrapeRows(split.Low) / scrape.RowsPerSecond, scrape.RowsPerSecond / ScrapeRows(split.High));
            if (fast - 1 > faster + 0.005 || slow - 1 > slower + 0.005)
            {
                faster = Math.Max(faster, Math.Min(MaxUnsteadySpread, fast - 1));
                slower = Math.Max(slower, Math.Min(MaxUnsteadySpread, slow - 1));
                notes.Add(F($"scrape: with the network part of a fetch anywhere in {split.Low:0.00}–{split.High:0.00} s (the sample was CPU-saturated), scrape could do {Rows(scrape.RowsPerSecond * fast)}–{Rows(scrape.RowsPerSecond / slow)} rows/s here: the interval reaches both"));
            }
        }

        if (shortfall < ShortfallShare)
        {
            slower = Math.Max(slower, (1 / shortfall) - 1);
            notes.Add(F($"the sample's scrape ran at {sampleRate:0.#} rows/s, {1 - shortfall:P0} below the {sampleCapacity:0.#} rows/s the laws give for its own settings: something the run did not measure bound it (other work on the host, a starved lab or database); if it persists, the run takes up to the interval's high end"));
        }

        if (!steady.Reached)
        {
            notes.Add(F($"not a steady state: {bottleneck.Stage} {steady.Reason}; the interval is widened (its capacity up to × {1 + faster:0.##} or ÷ {1 + slower:0.##}). A sample of {steady.SampleRowsNeeded:N0} rows at this concurrency would show one."));
        }

        var fetches = rows * mix.FetchesPerRow;
        var messages = rows * mpr;
        var distributionDrain = svc.Scrape.ExpectedMaxResidual(Math.Min(limit, fetches));

        // The sample's own last wave, where it drained at least half as many slots as this projection's last wave will: the
        // distribution holds its slow failures at their mean, the sample's slowest reached the timeout itself.
        var observedDrain = svc.ObservedDrainSlots >= 0.5 * Math.Min(limit, fetches) ? svc.ObservedDrainSeconds : 0;
        var scrapeDrain = Math.Max(distributionDrain, observedDrain);
        var generateDrain = svc.Generate?.ExpectedMaxResidual(Math.Min(generateLimit, messages)) ?? 0;
        var overlap = Math.Clamp(run.StageOverlap, 0, 1);
        var ingest = run.IngestSecondsFor(rows);

        // Combined as NodeScaling and RemainingTime combine a projection: ingest + fill + max(S, G) + (1 − overlap) × min(S, G)
        // + drain. A generate-bound run starts after the first hand-off and ends with generate's drain (scrape's last fetches
        // end while generate still works); a scrape-bound one ends with scrape's drain and then generate's last messages.
        // When the queue empties the last L fetches are in flight: the run waits for the longest of them, where at the
        // steady rate they would have taken L ÷ X. The drain is what the tail costs beyond that.
        var fill = svc.DispatchSeconds + svc.RampSeconds + (bottleneck == generate ? svc.HandOffSeconds : 0);
        var lastWave = Math.Min(limit, fetches);
        var scrapeTail = Math.Max(0, scrapeDrain - (lastWave / scrape.PerSecond));
        var drain = (bottleneck == generate ? 0 : scrapeTail) + generateDrain;

        double Total(double factor)
        {
            // A trailing stage moves with the bottleneck: it gets only what the bottleneck hands it, and where both are
            // bound by the shared cores its own capacity moves with them (otherwise it would pin the interval's fast end).
            var scrapeSeconds = fetches / (scrape.PerSecond * (bottleneck == scrape || scrape.Trailing ? factor : 1));
            var generateSeconds = messages > 0 ? messages / (generate.PerSecond * (bottleneck == generate || generate.Trailing ? factor : 1)) : 0;
            return ingest + fill + Math.Max(scrapeSeconds, generateSeconds) + ((1 - overlap) * Math.Min(scrapeSeconds, generateSeconds)) + drain;
        }

        var expected = Total(1);
        var tail = 0.5 * (mix.Failures.SlowShare > 0 ? mix.Failures.SlowSeconds : 0);
        var low = Math.Max(0, Total(1 + faster) - tail);
        var high = Total(1 / (1 + slower)) + tail;

        if (s.Cores is not null)
        {
            var inFlightRows = scrape.Bounds.FirstOrDefault(b => b.Limit == CapacityLimit.InFlight)?.RowsPerSecond ?? double.PositiveInfinity;
            notes.Add(F($"{cores:0.#} cores move only the CPU bound ({Rows(cpu)} rows/s); what does not scale with cores: scrape's in-flight bound ({Rows(inFlightRows)} rows/s), host politeness, the LLM's limits and the database"));
        }

        if (generate.Trailing)
        {
            notes.Add(F($"generate trails scrape: it could do {Rows(generate.RowsPerSecond)} rows/s ({generate.Limit}) but only gets what scrape hands it, so it is not the bottleneck"));
        }

        var reason = F($"{rows:N0} rows ≈ ingest {Sec(ingest)} + dispatch {Sec(svc.DispatchSeconds)} + ramp {Sec(svc.RampSeconds)} (the sample's start beyond its steady rate) + ")
            + (bottleneck == scrape
                ? F($"scrape {fetches:N0} fetches ÷ {scrape.PerSecond:0.##}/s ({scrape.Limit}: {Basis(scrape)}) = {Sec(fetches / scrape.PerSecond)} + drain {Sec(scrapeTail)} (the longest of the {lastWave:0} fetches in flight when the queue empties, {Sec(scrapeDrain)}{(observedDrain > distributionDrain ? F($" as the sample's own last wave took ({Sec(distributionDrain)} from the fetch-time distribution)") : " from the fetch-time distribution")}, less the {Sec(lastWave / scrape.PerSecond)} they take at the steady rate)")
                : F($"hand-off {Sec(svc.HandOffSeconds)} + generate {messages:N0} messages ÷ {generate.PerSecond:0.##}/s ({generate.Limit}: {Basis(generate)}) = {Sec(messages / generate.PerSecond)}"))
            + (generateDrain > 0.05 ? F($" + generate's drain {Sec(generateDrain)}") : "")
            + F($" = {Sec(expected)}. Capacity in rows/s: scrape {Rows(scrape.RowsPerSecond)} ({scrape.Limit}), generate {Rows(generate.RowsPerSecond)} ({generate.Limit}{(generate.Trailing ? ", trailing" : "")}). ")
            + F($"90% interval {Sec(low)}–{Sec(high)}: {bottleneck.Stage}'s capacity × {1 + faster:0.##} or ÷ {1 + slower:0.##} (its window's bootstrap, {input.RunToRunVariation:P0} run-to-run{(cpuDrift > 0.005 ? F($", ±{cpuDrift:P0} for the CPU a row still moving between the window's halves") : "")}{(hostSlower > 0.005 || hostFaster > 0.005 ? F($", ÷ {1 + hostSlower:0.##} or × {1 + hostFaster:0.##} for the host's speed: +{spread.Slower:P0} or −{spread.Faster:P0} CPU a row, {spread.Basis}") : "")}{(steady.Reached ? "" : ", widened: no steady state")})")
            + (tail > 0 ? F($" and ±{Sec(tail)} for a timeout at the end.") : ".");

        if (svc.HostSpeed is { } speed)
        {
            notes.Add(F($"the host ran the speed probe's fixed work in {speed.ComputeMs:0.00} ms (integer chain) and {speed.MemoryMs:0.00} ms (4 MiB walk) of CPU, medians over the sample's {speed.Readings} seconds")
                + (speed.Moved is { } moved ? F($"; its 10-second medians moved ±{moved:P0} within it") : "")
                + (bottleneck.Limit == CapacityLimit.Cpu
                    ? F($". The cores bind {bottleneck.Stage} here: on a slower host (a busy neighbour on a shared VM) the run takes longer, often by more than the probe moves, which no sample can foresee")
                    : ""));
        }

        var bottleneckUsl = bottleneck.Stage == "scrape" ? input.ScrapeUsl : input.GenerateUsl;
        return new ProjectionResult(rows, expected, Math.Min(low, expected), Math.Max(high, expected), bottleneck.Stage, reason,
        [
            new StageTime("ingest", ingest, ingest > 0 ? rows / ingest : 0, rows, "COPY"),
            new StageTime("scrape", fetches / scrape.PerSecond, scrape.PerSecond, fetches, Describe(scrape)),
            new StageTime("generate", messages > 0 ? messages / generate.PerSecond : 0, generate.PerSecond, messages, Describe(generate)),
        ])
        {
            IngestSeconds = ingest,
            FillSeconds = fill,
            DrainSeconds = drain,
            RecommendedConcurrency = bottleneckUsl?.RecommendedConcurrency(),
            Notes = notes.Distinct().ToList(),
            Capacity = stages,
            SteadyState = steady,
            HostSpeed = svc.HostSpeed,
            HostSpeedSpread = spread,
        };
    }

    private static CapacityBound Bound(string limit, double perSecond, double itemsPerRow, string basis) =>
        new(limit, perSecond, itemsPerRow > 0 ? perSecond / itemsPerRow : double.PositiveInfinity, basis);

    private static IReadOnlyList<CapacityBound> Finite(IEnumerable<CapacityBound> bounds) => [.. bounds.Where(b => !double.IsInfinity(b.RowsPerSecond) && b.RowsPerSecond > 0)];

    private static double Usable(double concurrency, ScrapeMix mix, HostLimits hosts) =>
        Math.Min(concurrency, (double)mix.DistinctHosts * hosts.MaxConnectionsPerHost);

    private static string Basis(StageCapacity stage) => stage.Bounds.FirstOrDefault(b => b.Limit == stage.Limit)?.Basis ?? "";

    private static string Describe(StageCapacity stage) => stage.Trailing ? $"trailing ({stage.Limit} would allow more)" : $"{stage.Limit}: {Basis(stage)}";

    private static string Rows(double rowsPerSecond) => double.IsInfinity(rowsPerSecond) ? "∞" : rowsPerSecond.ToString("0.#", CultureInfo.InvariantCulture);

    private static string Sec(double seconds) => DurationText.Format(seconds);

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
