using System.Globalization;

namespace Appliance.Reports.Capacity;

/// <summary>
/// A fetch's time split into its network part Z (the delay away from the CPU: latency, transfer, the far end's think
/// time; it does not move with cores) and its wait at the CPU (residence: the CPU a fetch plus the queue for the cores,
/// which grows with the fetches in flight and shrinks with cores). Z comes from inverting the closed loop
/// (<see cref="CapacityLaws.DelayFor"/>) at the sample's steady rate X over scrape's 10–90% window, its mean in flight
/// over that window N (the limit once held; fewer while a small sample's first wave fills), the CPU a fetch D and the
/// cores the pipeline had. A CPU-saturated sample does not resolve Z (every small enough Z gives the same X): Z is then
/// bounded by 0 and the measured mean fetch, which holds the wait for the CPU, and the projection takes the middle and
/// widens its interval to both ends where that matters (another core count or concurrency; at the sample's own settings it does not).
/// </summary>
/// <param name="Delay">Z in seconds: what the projection takes as the network part of a fetch.</param>
/// <param name="Resolved">Whether the sample's rate pinned Z (false: CPU-saturated, Z ∈ [<see cref="Low"/>, <see cref="High"/>]).</param>
/// <param name="Low">The least Z the sample allows.</param>
/// <param name="High">The most Z the sample allows.</param>
/// <param name="Basis">How Z was found, for the in-flight bound's arithmetic.</param>
/// <param name="Note">The split in words.</param>
public sealed record FetchSplit(double Delay, bool Resolved, double Low, double High, string Basis, string Note)
{
    /// <summary>The sample's mean fetches in flight over its window (the in-flight limit where that was not recorded): the N the loop was inverted at.</summary>
    public double InFlight { get; init; }

    public static FetchSplit From(RunMeasurements run, ServiceMeasurements svc, SteadyStateCheck sampled, double limit, double meanFetch, double minimumAvailableShare)
    {
        var fetchRate = run.Scrape.Rate.HasValue ? run.Scrape.Rate.PerSecond * run.Mix.FetchesPerRow : 0;
        var inFlight = sampled.MeanInFlight >= 1 ? Math.Min(limit, sampled.MeanInFlight) : limit;
        var cpuPerFetch = run.Mix.FetchesPerRow > 0 ? svc.CpuSecondsPerRow / run.Mix.FetchesPerRow : 0;
        var cores = svc.UsableCpuShare * Math.Max(minimumAvailableShare * run.Cores, run.Cores - svc.BackgroundCores);
        if (!(fetchRate > 0) || !(cpuPerFetch > 0))
        {
            return new FetchSplit(meanFetch, false, meanFetch, meanFetch, F($"the mean fetch {meanFetch:0.00} s, CPU wait included"),
                "scrape: the sample has no steady rate or CPU a fetch to split its fetch time by: the mean fetch is taken whole as the network part, so a what-if on cores moves only the CPU bound") { InFlight = inFlight };
        }

        var fit = CapacityLaws.DelayFor(fetchRate, inFlight, cpuPerFetch, cores);
        var slot = inFlight / fetchRate;
        if (fit.Resolved && fit.Seconds > meanFetch)
        {
            // The loop needs more network time than a fetch took to be as slow as the sample: its slots held waits that
            // neither the network nor the CPU it measured explain (the shortfall check says so). The fetch bounds the network.
            return new FetchSplit(meanFetch, true, meanFetch, meanFetch,
                F($"the mean fetch {meanFetch:0.00} s (the closed loop would need {fit.Seconds:0.00} s to be as slow as the sample)"),
                F($"scrape: a fetch held its slot {slot:0.00} s in the sample (Little's law: {inFlight:0} in flight ÷ {fetchRate:0.#} fetches/s), more than its {meanFetch:0.00} s fetch and {cpuPerFetch * 1000:0.00} ms of CPU on {cores:0.##} cores explain: the network part is taken as the whole mean fetch, and the rest was a wait the run did not measure")) { InFlight = inFlight };
        }

        if (fit.Resolved)
        {
            return new FetchSplit(fit.Seconds, true, fit.Seconds, fit.Seconds,
                F($"{fit.Seconds:0.00} s, the closed loop inverted at the sample's {fetchRate:0.#} fetches/s with {inFlight:0} in flight on {cores:0.##} cores"),
                F($"scrape: a fetch held its slot {slot:0.00} s in the sample (Little's law: {inFlight:0} in flight ÷ {fetchRate:0.#} fetches/s): {fit.Seconds:0.00} s away from the CPU (the network, which cores do not move; the mean fetch measured {meanFetch:0.00} s) and {Math.Max(0, slot - fit.Seconds):0.00} s at the CPU ({cpuPerFetch * 1000:0.00} ms of it CPU, the rest the queue for {cores:0.##} cores)")) { InFlight = inFlight };
        }

        var middle = meanFetch / 2;
        return new FetchSplit(middle, false, 0, meanFetch,
            F($"half the mean fetch {meanFetch:0.00} s: the sample was CPU-saturated, so anywhere in 0–{meanFetch:0.00} s"),
            F($"scrape: the sample ran at the CPU's ceiling ({fetchRate:0.#} fetches/s against {cores / cpuPerFetch:0.#} = {cores:0.##} cores ÷ {cpuPerFetch * 1000:0.00} ms a fetch), so its fetch time ({meanFetch:0.00} s) cannot be split into the network and the wait for the CPU: the network part is somewhere in 0–{meanFetch:0.00} s; the projection takes the middle, {middle:0.00} s")) { InFlight = inFlight };
    }

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
