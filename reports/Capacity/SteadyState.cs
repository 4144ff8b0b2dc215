using System.Globalization;

namespace Appliance.Reports.Capacity;

/// <summary>
/// Whether a sample held its stage at the in-flight limit long enough to show a steady state, Little's law's slot time
/// over the steady window, and the rows a sample needs at this concurrency.
/// </summary>
/// <param name="HeldSeconds">Seconds of the steady window in which the stage held at least <see cref="SteadyState.HeldShare"/> of its limit.</param>
/// <param name="NeededSeconds">Seconds it must hold: the longer of <see cref="SteadyState.MinimumSeconds"/> and <see cref="SteadyState.SlotTimes"/>
/// mean service times (the slot time by Little's law where no service time is given).</param>
/// <param name="SlotSeconds">W = mean in flight ÷ items a second over the window (Little's law): fetch, parse, waits; 0 when not measured.</param>
/// <param name="MeanInFlight">Mean items in flight over the window.</param>
/// <param name="SampleRowsNeeded">Rows a sample needs for both: the window (10–90% of the items) lasting the needed seconds at the
/// stage's capacity, and enough of the rarest slow outcome (timeouts) to know its share.</param>
public sealed record SteadyStateCheck(bool Reached, double HeldSeconds, double NeededSeconds, double SlotSeconds, double MeanInFlight, long SampleRowsNeeded, string Reason);

/// <summary>
/// Steady state detected rather than assumed: a stage is steady when, inside the window <see cref="StageRate"/> cut by
/// count (10–90% of its items), it held its in-flight limit for at least <see cref="MinimumSeconds"/> and
/// <see cref="SlotTimes"/> times an item's mean service time — long enough that the items started under the limit,
/// not the first wave that started together, set the rate. The service time (the fetch, from its distribution) sets the
/// need rather than the slot time, which also holds every wait for the CPU: a starved sample must not demand a longer one.
/// A CPU-starved sample still shows in the interval (its CPU a row and the background it ran beside).
/// </summary>
public static class SteadyState
{
    public const double HeldShare = 0.9;
    public const double MinimumSeconds = 30;
    public const double SlotTimes = 10;

    /// <summary>Items of the rarest slow outcome a sample should hold to price its share (a 20-item count is ±~22% at 1σ).</summary>
    public const double RareItemsNeeded = 20;

    /// <param name="samples">The stage's 1 s samples.</param>
    /// <param name="limit">The stage's usable in-flight limit.</param>
    /// <param name="window">The stage's steady window (rows a second).</param>
    /// <param name="itemsPerRow">Items (fetches, messages) a row.</param>
    /// <param name="rowsPerSecond">The stage's capacity in rows a second (what a larger sample would run at).</param>
    /// <param name="rareItemsPerRow">The rarest slow outcome's items a row (timeouts); 0 when there are none.</param>
    /// <param name="serviceSeconds">An item's mean service time (from its distribution); 0: the slot time by Little's law.</param>
    public static SteadyStateCheck Detect(IReadOnlyList<StageSample> samples, double limit, RateEstimate window, double itemsPerRow, double rowsPerSecond, double rareItemsPerRow,
        double serviceSeconds = 0)
    {
        var inWindow = window.HasValue
            ? samples.Where(s => s.Seconds > window.WindowStartSeconds && s.Seconds <= window.WindowEndSeconds && s.IntervalSeconds > 0).ToList()
            : [];
        var seconds = inWindow.Sum(s => s.IntervalSeconds);
        var meanInFlight = seconds > 0 ? inWindow.Sum(s => s.InFlight * s.IntervalSeconds) / seconds : 0;
        var itemsPerSecond = window.PerSecond * itemsPerRow;
        var slot = meanInFlight > 0 && itemsPerSecond > 0 ? meanInFlight / itemsPerSecond : 0;
        var held = inWindow.Where(s => s.InFlight >= HeldShare * limit).Sum(s => s.IntervalSeconds);
        var perItem = serviceSeconds > 0 ? serviceSeconds : slot;
        var needed = Math.Max(MinimumSeconds, SlotTimes * perItem);
        // The window holds the limit only until the last L items are in flight (L ÷ items a row rows before the end), so
        // the sample needs both the window and the limit held for the needed seconds: n ≥ X × needed ÷ 0.8 and
        // n ≥ (X × needed + L ÷ items a row) ÷ 0.9.
        var lastWaveRows = itemsPerRow > 0 ? limit / itemsPerRow : 0;
        var forWindow = rowsPerSecond > 0 && !double.IsInfinity(rowsPerSecond)
            ? Math.Max(rowsPerSecond * needed / (StageRate.DrainShare - StageRate.FillShare), ((rowsPerSecond * needed) + lastWaveRows) / StageRate.DrainShare)
            : 0;
        var forRare = rareItemsPerRow > 0 ? RareItemsNeeded / rareItemsPerRow : 0;
        var rowsNeeded = (long)Math.Ceiling(Math.Max(forWindow, forRare));
        var reached = window.HasValue && held >= needed && meanInFlight > 0;
        var reason = !window.HasValue ? $"no steady window: {window.Problem}"
            : meanInFlight <= 0 ? "in-flight was not recorded, so the window cannot be shown to be steady"
            : reached ? F($"held {HeldShare:P0} of its {limit:0} in-flight limit for {held:0} s of the window (needs {needed:0} s)")
            : F($"held {HeldShare:P0} of its {limit:0} in-flight limit for only {held:0} s of the window (needs {needed:0} s: {SlotTimes:0} × {perItem:0.00} s an item, at least {MinimumSeconds:0} s)");
        return new SteadyStateCheck(reached, held, needed, slot, meanInFlight, rowsNeeded, reason);
    }

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
