namespace Appliance.Reports.Capacity;

/// <summary>
/// How much of one stage's steady work ran while the other stage was still under way: the share of the
/// shorter steady window that lies inside the other stage's whole span (first to last completion). A stage
/// trailing the other by a constant lag counts as fully overlapped (the lag is part of fill and drain);
/// a stage that only starts once the other has finished counts as 0.
/// </summary>
/// <remarks>
/// Generate (<paramref name="downstream"/>) completes its first message a hand-off after scrape's first fetch. When
/// that happens while scrape's steady window is still open, the stages stream, and generate's span is compared
/// shifted back by that lag: otherwise a short sample, where the lag is a large part of scrape's window, reads as
/// partly sequential, and the projection scales the lag with the rows ((1 − overlap) × the shorter stage) although
/// it is a constant the fill already holds — 24 s too many at 50,000 lab-LLM rows from a 5,000-row sample.
/// </remarks>
public static class StageOverlap
{
    public static double Between(RateEstimate upstream, RateEstimate downstream)
    {
        if (!upstream.HasValue || !downstream.HasValue)
        {
            return 1;
        }

        var lag = downstream.FirstCompletionSeconds - upstream.FirstCompletionSeconds;
        var streams = lag > 0 && downstream.FirstCompletionSeconds < upstream.WindowEndSeconds;
        var shift = streams ? lag : 0;
        var (aStart, aEnd, aFirst, aLast) = (upstream.WindowStartSeconds, upstream.WindowEndSeconds, upstream.FirstCompletionSeconds, upstream.LastCompletionSeconds);
        var (bStart, bEnd, bFirst, bLast) = (downstream.WindowStartSeconds - shift, downstream.WindowEndSeconds - shift,
            downstream.FirstCompletionSeconds - shift, downstream.LastCompletionSeconds - shift);

        var (start, end, otherFirst, otherLast) = aEnd - aStart <= bEnd - bStart ? (aStart, aEnd, bFirst, bLast) : (bStart, bEnd, aFirst, aLast);
        var length = end - start;
        if (!(length > 0))
        {
            return 1;
        }

        var common = Math.Min(end, otherLast) - Math.Max(start, otherFirst);
        return Math.Clamp(common / length, 0, 1);
    }
}
