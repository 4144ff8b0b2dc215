namespace Appliance.Reports.Capacity;

/// <summary>
/// A stage's steady-state rate (items/s) with its 90% interval, over the window
/// [<see cref="WindowStartSeconds"/>, <see cref="WindowEndSeconds"/>] of the run. When the stage had too
/// few samples, <see cref="HasValue"/> is false, the numbers are 0 and <see cref="Problem"/> says why.
/// </summary>
public sealed record RateEstimate(
    double PerSecond, double Low, double High, double WindowStartSeconds, double WindowEndSeconds, int SampleCount)
{
    /// <summary>Items the stage had completed when the window opened (its fill), and in all.</summary>
    public long CompletedBeforeWindow { get; init; }

    public long TotalCompleted { get; init; }

    /// <summary>When the stage's first and last items completed: its whole span, fill and drain included.</summary>
    public double FirstCompletionSeconds { get; init; }

    public double LastCompletionSeconds { get; init; }

    /// <summary>Why there is no estimate; null when there is one.</summary>
    public string? Problem { get; init; }

    public bool HasValue => Problem is null;

    /// <summary>Half the interval's width as a share of the rate: the bootstrap's relative uncertainty.</summary>
    public double RelativeHalfWidth => HasValue && PerSecond > 0 ? (High - Low) / 2 / PerSecond : 0;

    public static RateEstimate NotEnoughData(string problem, int sampleCount, long totalCompleted = 0) =>
        new(0, 0, 0, 0, 0, sampleCount) { Problem = problem, TotalCompleted = totalCompleted };

    /// <summary>A rate known from elsewhere (a sweep, a configured limit) with no sampling error.</summary>
    public static RateEstimate Exact(double perSecond) => new(perSecond, perSecond, perSecond, 0, 0, 0);
}
