namespace Appliance.Reports.Capacity;

/// <summary>The network delay Z a closed loop was inverted to (<see cref="CapacityLaws.DelayFor"/>); <see cref="Resolved"/> false when the sample was CPU-saturated.</summary>
public readonly record struct DelayFit(double Seconds, bool Resolved);

/// <summary>The names a capacity bound goes by in <c>appliance project --json</c>'s <c>limit</c>.</summary>
public static class CapacityLimit
{
    public const string InFlight = "in_flight";
    public const string Cpu = "cpu";
    public const string LlmRpm = "llm_rpm";
    public const string LlmTpm = "llm_tpm";
    public const string HostPoliteness = "host_politeness";
    public const string Database = "database";
}

/// <summary>One law's ceiling on a stage: items a second, the same in rows a second, and the arithmetic in words.</summary>
public sealed record CapacityBound(string Limit, double PerSecond, double RowsPerSecond, string Basis);

/// <summary>
/// A stage's capacity: the lowest of its bounds (<see cref="Limit"/> names it). A <see cref="Trailing"/> stage could go
/// faster than its input arrives, so it waits for the stage before it and is never the bottleneck.
/// </summary>
public sealed record StageCapacity(string Stage, double PerSecond, double RowsPerSecond, string Limit, bool Trailing, IReadOnlyList<CapacityBound> Bounds);

/// <summary>
/// The operational laws (Denning &amp; Buzen, <i>The Operational Analysis of Queueing Network Models</i>, 1978; Little, 1961),
/// each an upper bound on a stage's throughput X in items a second:
/// <code>
/// Little:        X ≤ N ÷ W            N items in flight at most, W seconds each holds its slot
/// utilization:   X ≤ U × C ÷ D        C cores, D CPU-seconds an item, U the usable share of the cores
/// rate limits:   X ≤ RPM ÷ 60,  X ≤ TPM ÷ 60 ÷ tokens an item
/// politeness:    X ≤ 1 ÷ (share × max(W ÷ connections, delay))   the busiest host's share of the items
/// database:      X ≤ rows written/s ÷ rows written an item
/// </code>
/// In-flight and CPU together (<see cref="ClosedLoop"/>): N slots, each item Z seconds away from the CPU (the fetch) and
/// D CPU-seconds on it, is a closed queueing network; exact mean-value analysis gives its throughput, which stays below
/// both bounds near the knee N* = m(Z + D) ÷ D where neither alone binds.
/// A bound that does not apply (nothing measured, no limit set) is +∞.
/// </summary>
public static class CapacityLaws
{
    public static double Little(double inFlight, double secondsPerItem) =>
        secondsPerItem > 0 && inFlight > 0 ? inFlight / secondsPerItem : double.PositiveInfinity;

    public static double Utilization(double cores, double cpuSecondsPerItem, double usableShare) =>
        cpuSecondsPerItem > 0 && cores > 0 ? usableShare * cores / cpuSecondsPerItem : double.PositiveInfinity;

    public static double RequestsPerMinute(int rpm, double pacerShare = LlmLimits.PacerShare) =>
        rpm > 0 ? rpm * pacerShare / 60 : double.PositiveInfinity;

    public static double TokensPerMinute(int tpm, double tokensPerItem, double pacerShare = LlmLimits.PacerShare) =>
        tpm > 0 && tokensPerItem > 0 ? tpm * pacerShare / 60 / tokensPerItem : double.PositiveInfinity;

    public static double HostPoliteness(double busiestShare, double secondsPerItem, int connectionsPerHost, double delaySeconds)
    {
        var perItem = Math.Max(connectionsPerHost > 0 ? secondsPerItem / connectionsPerHost : secondsPerItem, delaySeconds);
        return busiestShare > 0 && perItem > 0 ? 1 / (busiestShare * perItem) : double.PositiveInfinity;
    }

    public static double Database(double rowsWrittenPerSecond, double rowsWrittenPerItem) =>
        rowsWrittenPerSecond > 0 && rowsWrittenPerItem > 0 ? rowsWrittenPerSecond / rowsWrittenPerItem : double.PositiveInfinity;

    /// <summary>
    /// Throughput of a closed loop of <paramref name="inFlight"/> items, each spending <paramref name="delaySeconds"/> away
    /// from the CPU (a delay station: the fetch, the network) and <paramref name="cpuSeconds"/> of CPU on <paramref name="cores"/>
    /// cores, by exact mean-value analysis (Reiser &amp; Lavenberg, 1980) with the cores as one queue of demand D ÷ m plus a
    /// delay of D(m − 1) ÷ m (Seidmann's multi-server approximation):
    /// <code>
    /// for n = 1..N:  R_cpu = D ÷ m × (1 + Q(n − 1));  X(n) = n ÷ (Z + D(m − 1) ÷ m + R_cpu);  Q(n) = X(n) × R_cpu
    /// </code>
    /// X(N) ≤ min(N ÷ (Z + D), m ÷ D), equal to the bounds far from the knee. +∞ when nothing bounds it.
    /// </summary>
    public static double ClosedLoop(double inFlight, double delaySeconds, double cpuSeconds, double cores)
    {
        var n = (int)Math.Floor(inFlight);
        if (n < 1 || !(delaySeconds >= 0))
        {
            return double.PositiveInfinity;
        }

        if (!(cpuSeconds > 0) || !(cores > 0))
        {
            return Little(n, delaySeconds);
        }

        var queueDemand = cpuSeconds / cores;
        var extraDelay = cpuSeconds * Math.Max(0, cores - 1) / cores;
        double q = 0, x = 0;
        for (var i = 1; i <= n; i++)
        {
            var r = queueDemand * (1 + q);
            x = i / (delaySeconds + extraDelay + r);
            q = x * r;
        }

        return x;
    }

    /// <summary>
    /// The closed loop inverted: the delay Z (seconds an item spends away from the CPU: the network) at which
    /// <see cref="ClosedLoop"/> with <paramref name="inFlight"/> items, <paramref name="cpuSeconds"/> of CPU an item on
    /// <paramref name="cores"/> cores gives the measured <paramref name="throughput"/> (items a second). X falls as Z grows,
    /// so bisection finds it. <see cref="DelayFit.Resolved"/> is false when the loop cannot be that slow or fast for any
    /// Z ≥ 0 — a throughput at or above the CPU's ceiling m ÷ D (the sample was CPU-saturated: every Z below a bound gives
    /// the same X, so the network part cannot be told from the wait for the CPU) — and Z is then 0, the delay at which
    /// the loop comes closest.
    /// </summary>
    public static DelayFit DelayFor(double throughput, double inFlight, double cpuSeconds, double cores)
    {
        if (!(throughput > 0) || !(inFlight >= 1))
        {
            return new DelayFit(0, false);
        }

        var ceiling = ClosedLoop(inFlight, 0, cpuSeconds, cores);
        if (throughput >= ceiling * (1 - SaturatedShare))
        {
            return new DelayFit(0, false);
        }

        // X(Z) ≤ N ÷ Z, so at Z = N ÷ X the loop is at most X: the root lies in [0, N ÷ X].
        double lo = 0, hi = Math.Floor(inFlight) / throughput;
        for (var i = 0; i < 100 && hi - lo > 1e-9 * Math.Max(1, hi); i++)
        {
            var mid = (lo + hi) / 2;
            if (ClosedLoop(inFlight, mid, cpuSeconds, cores) > throughput)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }

        return new DelayFit((lo + hi) / 2, true);
    }

    /// <summary>A throughput within this share of the CPU's ceiling is taken as saturated: Z is not resolved by it.</summary>
    public const double SaturatedShare = 0.02;

    /// <summary>
    /// The stages' capacities in pipeline order (each stage's input is the one before's output): a stage whose capacity in
    /// rows a second is at least that of the slowest stage before it trails. The bottleneck is the slowest stage that
    /// does not trail — the first stage reaching the pipeline's minimum.
    /// </summary>
    public static IReadOnlyList<StageCapacity> Pipeline(IEnumerable<(string Stage, double ItemsPerRow, IReadOnlyList<CapacityBound> Bounds)> stages)
    {
        var result = new List<StageCapacity>();
        var upstream = double.PositiveInfinity;
        foreach (var (stage, itemsPerRow, bounds) in stages)
        {
            var binding = bounds.MinBy(b => b.RowsPerSecond);
            var rows = binding?.RowsPerSecond ?? double.PositiveInfinity;
            var perSecond = binding?.PerSecond ?? double.PositiveInfinity;
            result.Add(new StageCapacity(stage, perSecond, rows, binding?.Limit ?? "none", rows >= upstream, bounds));
            upstream = Math.Min(upstream, rows);
        }

        return result;
    }

    /// <summary>The bottleneck: the slowest stage that does not trail.</summary>
    public static StageCapacity Bottleneck(IReadOnlyList<StageCapacity> stages) =>
        stages.Where(s => !s.Trailing).MinBy(s => s.RowsPerSecond) ?? stages[0];
}
